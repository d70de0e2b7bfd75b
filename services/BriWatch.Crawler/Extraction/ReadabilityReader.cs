using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using SmartReader;

namespace BriWatch.Crawler.Extraction;

/// <summary>Runs SmartReader's readability port over a parsed page.</summary>
internal static class ReadabilityReader
{
    // SmartReader needs an absolute address to resolve links; pages given without one get a neutral placeholder.
    private static readonly Uri PlaceholderUrl = new("https://article.invalid/");

    // Mozilla Readability's pattern. SmartReader 0.11.1 lost the spaces around "hid", so any class containing "hid"
    // (e.g. "hideOnInit", "chidori") scores as negative and whole article sections are dropped.
    private const string NegativeClasses =
        "-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain"
        + "|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget";

    // SmartReader's time grows with elements times nesting depth: 40,000 paragraphs under 500 nested divs take a
    // minute. The largest of Mozilla's 130 real test pages scores about 370,000 (9,900 elements, depth 37).
    internal const long MaxComplexity = 5_000_000;
    internal const int MaxElements = 50_000;

    /// <summary>Returns null when SmartReader finds no content or the page is too large or deep to analyse quickly.</summary>
    public static ReadabilityResult? Read(IHtmlDocument document, Uri? url)
    {
        if (document.Body is null || TooComplex(document.Body))
        {
            return null;
        }

        using var reader = new Reader((url ?? PlaceholderUrl).AbsoluteUri, document)
        {
            // The crawler only fetches pages its feeds link to, so do not second-guess them as "not an article".
            ContinueIfNotReadable = true,
        };

        reader.ReplaceRegularExpression(RegularExpressions.Negative, NegativeClasses);

        var article = reader.GetArticle();
        if (!article.Completed || string.IsNullOrWhiteSpace(article.Content))
        {
            return null;
        }

        var text = TextFurniture.Clean(WithoutFurniture(article.Content));
        return new ReadabilityResult(
            article.Title,
            text,
            article.Byline ?? article.Author,
            article.Language,
            article.PublicationDate is { } date ? ToUtc(date) : null);
    }

    private static string WithoutFurniture(string content)
    {
        var document = new HtmlParser().ParseDocument(content);
        if (document.Body is null)
        {
            return string.Empty;
        }

        var full = PlainText.FromNode(document.Body);
        BoilerplateRemover.RemoveMarked(document);
        var text = PlainText.FromNode(document.Body);

        // When nearly everything SmartReader chose was marked, its choice was the furniture itself (a page of
        // teasers, say), and its text is still a better answer than nothing.
        return text.Length * 4 >= full.Length ? text : full;
    }

    private static DateTimeOffset ToUtc(DateTime date) => date.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(date.ToUniversalTime()),
        _ => new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)),
    };

    /// <summary>Whether the page is too large or deep for SmartReader (and for any other whole-page analysis).</summary>
    public static bool TooComplex(IElement body)
    {
        long elements = 0;
        var maxDepth = 0;
        var pending = new Stack<(IElement Element, int Depth)>();
        pending.Push((body, 1));
        while (pending.TryPop(out var item))
        {
            elements++;
            maxDepth = Math.Max(maxDepth, item.Depth);
            if (elements > MaxElements || elements * maxDepth > MaxComplexity)
            {
                return true;
            }

            foreach (var child in item.Element.Children)
            {
                pending.Push((child, item.Depth + 1));
            }
        }

        return false;
    }
}
