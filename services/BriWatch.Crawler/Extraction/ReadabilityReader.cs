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

    public static ReadabilityResult? Read(IHtmlDocument document, Uri? url)
    {
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
            article.PublicationDate is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null);
    }
}
