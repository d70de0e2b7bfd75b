using AngleSharp.Dom;
using AngleSharp.Html.Dom;
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

    // SmartReader walks each node's ancestors, so its time grows with the square of the nesting depth (40,000 levels
    // take seconds, 300,000 take minutes). Real article layouts stay far below this.
    internal const int MaxNestingDepth = 1_000;

    /// <summary>Returns null when SmartReader finds no content or the page nests too deeply to analyse safely.</summary>
    public static ReadabilityResult? Read(IHtmlDocument document, Uri? url)
    {
        if (document.Body is null || NestingDepthExceeds(document.Body, MaxNestingDepth))
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

        var text = PlainText.FromHtml(article.Content);
        return new ReadabilityResult(
            article.Title,
            text,
            article.Byline ?? article.Author,
            article.Language,
            article.PublicationDate is { } date ? ToUtc(date) : null);
    }

    private static DateTimeOffset ToUtc(DateTime date) => date.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(date.ToUniversalTime()),
        _ => new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)),
    };

    private static bool NestingDepthExceeds(IElement root, int limit)
    {
        var pending = new Stack<(IElement Element, int Depth)>();
        pending.Push((root, 0));
        while (pending.TryPop(out var item))
        {
            if (item.Depth > limit)
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
