using System.Globalization;

namespace BriWatch.Matching.Query;

/// <summary>
/// A parsed subscription query, e.g. <c>topic:energy_new AND country:(BR OR ZA) AND NOT topic:mining_resources</c>,
/// <c>score&gt;=0.7</c>, <c>language:zh</c>, <c>official:true</c>, <c>amount_usd&gt;=100M</c>, <c>source:xinhua-en</c>,
/// free-text terms and "quoted phrases". Operators (AND, OR, NOT) are accepted in any case; a quoted "or" is a word.
/// Adjacent terms are joined by AND.
/// </summary>
public sealed class SubscriptionQuery
{
    /// <summary>The longest query text accepted; longer ones are refused before they are tokenized.</summary>
    public const int MaxLength = 2_000;

    /// <summary>How deeply parentheses and NOTs may nest, together.</summary>
    public const int MaxDepth = QueryParser.MaxDepth;

    /// <summary>The most terms, operators and parentheses a query may have.</summary>
    public const int MaxTokens = QueryParser.MaxTokens;

    private SubscriptionQuery(string text, QueryNode root)
    {
        Text = text;
        Root = root;
        RequiredTopics = QueryAnalysis.RequiredValues(root, QueryFields.Topic);
        RequiredCountries = QueryAnalysis.RequiredValues(root, QueryFields.Country);
        LowestScore = QueryAnalysis.LowestScore(root);
        RequiredWords = QueryAnalysis.RequiredWords(root);
        NeedsSourceFacts = QueryAnalysis.Uses(root, n => n is OfficialNode);
    }

    public string Text { get; }

    /// <summary>Topics of which any one must be present for a match, or null when the query does not require one.</summary>
    public IReadOnlySet<string>? RequiredTopics { get; }

    /// <summary>Countries of which any one must be present for a match, or null when the query does not require one.</summary>
    public IReadOnlySet<string>? RequiredCountries { get; }

    /// <summary>Lower-cased plain words of which any one must be a word of the title or summary for a match, or null.</summary>
    public IReadOnlySet<string>? RequiredWords { get; }

    /// <summary>A score below which the query cannot match, or null when it sets none.</summary>
    public double? LowestScore { get; }

    /// <summary>The query looks at whether the source is official.</summary>
    public bool NeedsSourceFacts { get; }

    internal QueryNode Root { get; }

    /// <param name="knownValuesOnly">
    /// Refuse topic and stage values the classifier never gives (<see cref="Vocabulary.QueryVocabulary"/>), with a
    /// "did you mean": for queries being submitted. Stored queries are matched as they were accepted.
    /// </param>
    /// <exception cref="QueryParseException">The text does not parse; the exception names the 1-based position.</exception>
    public static SubscriptionQuery Parse(string text, bool knownValuesOnly = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            // Bounds the work (and the tree) any stored or submitted query can cause.
            throw new QueryParseException(string.Create(CultureInfo.InvariantCulture, $"The query is {text.Length:N0} characters long; the limit is {MaxLength:N0}"), MaxLength + 1);
        }

        return new SubscriptionQuery(text, QueryParser.Parse(text, knownValuesOnly));
    }

    public static bool TryParse(string text, out SubscriptionQuery? query, out QueryParseException? error, bool knownValuesOnly = false)
    {
        try
        {
            query = Parse(text, knownValuesOnly);
            error = null;
            return true;
        }
        catch (QueryParseException e)
        {
            query = null;
            error = e;
            return false;
        }
    }

    public bool Matches(MatchDocument document) => Root.Matches(document);

    public override string ToString() => Text;
}
