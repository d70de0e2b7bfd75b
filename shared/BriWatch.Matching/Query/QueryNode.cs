namespace BriWatch.Matching.Query;

/// <summary>A node of a parsed subscription query.</summary>
internal abstract record QueryNode
{
    public abstract bool Matches(MatchDocument document);
}

internal sealed record AndNode(QueryNode Left, QueryNode Right) : QueryNode
{
    public override bool Matches(MatchDocument document) => Left.Matches(document) && Right.Matches(document);
}

internal sealed record OrNode(QueryNode Left, QueryNode Right) : QueryNode
{
    public override bool Matches(MatchDocument document) => Left.Matches(document) || Right.Matches(document);
}

internal sealed record NotNode(QueryNode Inner) : QueryNode
{
    public override bool Matches(MatchDocument document) => !Inner.Matches(document);
}

/// <summary><c>topic:</c>, <c>country:</c>, <c>language:</c>, <c>source:</c> or <c>stage:</c> equal to one of the values.</summary>
internal sealed record TermNode(string Field, IReadOnlyList<string> Values) : QueryNode
{
    public override bool Matches(MatchDocument document)
    {
        var article = document.Article;
        return Field switch
        {
            QueryFields.Topic => AnyEqual(article.Topics),
            QueryFields.Country => AnyEqual(article.Countries),
            QueryFields.Source => AnyEqual([article.SourceId]),
            QueryFields.Stage => document.Stage is { } stage && AnyEqual([stage]),
            _ => article.Language is { } language && Values.Any(v => LanguageMatches(language, v)),
        };
    }

    // Indexed loops: foreach over an IReadOnlyList allocates an enumerator per call.
    private bool AnyEqual(IReadOnlyList<string> present)
    {
        for (var v = 0; v < Values.Count; v++)
        {
            for (var p = 0; p < present.Count; p++)
            {
                if (string.Equals(Values[v], present[p], StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // "zh" matches "zh-Hans" too: subscribers name the language, not the script or region.
    private static bool LanguageMatches(string language, string wanted) =>
        string.Equals(language, wanted, StringComparison.OrdinalIgnoreCase)
        || (language.Length > wanted.Length && language[wanted.Length] == '-' && language.StartsWith(wanted, StringComparison.OrdinalIgnoreCase));
}

internal sealed record OfficialNode(bool Value) : QueryNode
{
    public override bool Matches(MatchDocument document) => document.Official == Value;
}

/// <summary><c>score</c> or <c>amount_usd</c> compared with a number; an unknown amount never matches.</summary>
internal sealed record CompareNode(string Field, string Operator, double Value) : QueryNode
{
    public override bool Matches(MatchDocument document)
    {
        double? actual = Field == QueryFields.Score ? document.Article.Score : document.AmountUsd;
        return actual is { } a && Operator switch
        {
            ">=" => a >= Value,
            ">" => a > Value,
            "<=" => a <= Value,
            "<" => a < Value,
            _ => a == Value,
        };
    }
}

/// <summary>A free-text term or quoted phrase, found in the title or summary as whole words.</summary>
internal sealed record TextNode(string Text) : QueryNode
{
    /// <summary>The lower-cased text looked for.</summary>
    internal string Needle { get; } = Text.ToLowerInvariant();

    /// <summary>A plain ASCII word: it matches exactly when it is one of the document's <see cref="MatchDocument.Words"/>. Phrases and other scripts are searched in the text.</summary>
    internal bool IsWord { get; } = Text.All(char.IsAsciiLetterOrDigit);

    public override bool Matches(MatchDocument document)
    {
        var needle = Needle;
        if (IsWord)
        {
            return document.Words.Contains(needle);
        }

        var haystack = document.Text;
        for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            if (Boundary(haystack, at - 1, needle[0]) && Boundary(haystack, at + needle.Length, needle[^1]))
            {
                return true;
            }
        }

        return false;
    }

    // Scripts written without spaces (Chinese, Japanese) have no word boundaries to check.
    private static bool Boundary(string text, int index, char edge) =>
        index < 0 || index >= text.Length || !char.IsAsciiLetterOrDigit(edge) || !char.IsLetterOrDigit(text[index]);
}
