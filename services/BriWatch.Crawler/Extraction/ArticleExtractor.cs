using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Extraction;

/// <summary>
/// Extracts an article's main text and metadata from its HTML page:
/// JSON-LD and meta tags first, SmartReader's readability algorithm for the body otherwise.
/// Thread-safe and stateless.
/// </summary>
public sealed partial class ArticleExtractor
{
    /// <summary>Extracts from decoded HTML.</summary>
    /// <param name="url">The page's address, used to resolve a relative canonical link; null when unknown.</param>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not absolute.</exception>
    public ExtractedArticle Extract(string html, Uri? url)
    {
        ArgumentNullException.ThrowIfNull(html);
        CheckUrl(url);
        if (HtmlNesting.TooDeep(html))
        {
            // Checked before parsing: AngleSharp and SmartReader slow down with depth (200,000 nested divs take minutes),
            // and no real article nests this deep, so the caller is better served by its own text, quickly.
            return new ExtractedArticle(null, string.Empty, null, null, null, null, ExtractionMethods.None)
            {
                Refusal = $"the page nests elements more than {HtmlNesting.MaxDepth} levels deep; not analysed",
            };
        }

        return Extract(new HtmlParser().ParseDocument(html), url);
    }

    /// <summary>Extracts from raw page bytes, honouring a byte-order mark or a meta charset (GBK, Big5, Windows-1251...).</summary>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <inheritdoc cref="Extract(string, Uri?)"/>
    public ExtractedArticle Extract(Stream html, Uri? url)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var buffer = new MemoryStream();
        html.CopyTo(buffer);
        return Extract(HtmlDecoding.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), url);
    }

    private static void CheckUrl(Uri? url)
    {
        if (url is not null && !url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The page URL must be absolute, got '{url}'.", nameof(url));
        }
    }

    private static ExtractedArticle Extract(IHtmlDocument document, Uri? url)
    {
        // Metadata is read before SmartReader runs because SmartReader rewrites the document in place.
        var baseUrl = BaseUrl(document, url);
        var pageTitle = document.Title;
        var jsonLd = JsonLdArticleReader.Read(document);
        var meta = MetaTagReader.Read(document);
        var paragraphs = string.Empty;
        if (document.Body is not null && !ReadabilityReader.TooComplex(document.Body))
        {
            // Marks and paragraphs are read before SmartReader runs, for the same reason as the metadata.
            BoilerplateRemover.Mark(document);
            paragraphs = TextFurniture.Clean(ParagraphText.Read(document));
        }

        var readability = TryReadability(document, url);

        var (text, method) = ChooseText(jsonLd?.Body, readability?.Text, paragraphs, meta.Description);
        return new ExtractedArticle(
            Title: MetadataValues.CleanText(jsonLd?.Headline ?? meta.Title ?? readability?.Title ?? pageTitle),
            Text: text,
            Author: CleanAuthor(jsonLd?.Author ?? meta.Author ?? readability?.Byline),
            Published: MetadataValues.ParseDate(jsonLd?.DatePublished)
                ?? MetadataValues.ParseDate(meta.Published)
                ?? readability?.Published,
            Language: MetadataValues.NormalizeLanguage(jsonLd?.Language)
                ?? MetadataValues.NormalizeLanguage(meta.Language)
                ?? MetadataValues.NormalizeLanguage(readability?.Language),
            CanonicalUrl: MetadataValues.ResolveUrl(meta.Canonical, baseUrl)
                ?? MetadataValues.ResolveUrl(jsonLd?.Url, baseUrl),
            Method: method);
    }

    // Below this length SmartReader's result may be a fragment; the paragraphs replace it when they are much longer.
    private const int ShortText = 2000;

    private static (string Text, string Method) ChooseText(
        string? jsonLdBody, string? readabilityText, string paragraphs, string? description)
    {
        var body = jsonLdBody is null ? string.Empty
            : HtmlTag().IsMatch(jsonLdBody) ? PlainText.FromHtml(jsonLdBody) : PlainText.FromPlain(jsonLdBody);
        var read = readabilityText ?? string.Empty;
        var (candidate, candidateMethod) = IsFragment(read, paragraphs)
            ? (paragraphs, ExtractionMethods.Paragraphs)
            : (read, ExtractionMethods.Readability);

        // Some publishers put only a teaser in articleBody; a much longer page text means the body was cut.
        // A longer page text that opens like the body is the same article with its headings and captions.
        if (body.Length > 0 && body.Length * 2 >= candidate.Length && !SameArticleLonger(candidate, body))
        {
            return (body, ExtractionMethods.JsonLd);
        }

        if (candidate.Length > 0)
        {
            return (candidate, candidateMethod);
        }

        var summary = MetadataValues.CleanText(description);
        return summary is null ? (string.Empty, ExtractionMethods.None) : (summary, ExtractionMethods.MetaOnly);
    }

    private static bool IsFragment(string read, string paragraphs) =>
        read.Length < ShortText && paragraphs.Length > 0 && paragraphs.Length >= read.Length * 3;

    private static bool SameArticleLonger(string read, string body)
    {
        var readText = PlainText.CollapseWhitespace(read);
        var bodyText = PlainText.CollapseWhitespace(body);
        if (readText.Length <= bodyText.Length * 1.05)
        {
            return false;
        }

        var opening = bodyText[..Math.Min(100, bodyText.Length)];
        return opening.Length >= 20 && readText.Contains(opening, StringComparison.Ordinal);
    }

    private static ReadabilityResult? TryReadability(IHtmlDocument document, Uri? url)
    {
        try
        {
            return ReadabilityReader.Read(document, url);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // SmartReader is a heuristic over arbitrary markup; a page it chokes on still has its metadata.
            return null;
        }
    }

    private static Uri? BaseUrl(IHtmlDocument document, Uri? url)
    {
        var href = document.QuerySelector("base[href]")?.GetAttribute("href");
        return MetadataValues.ResolveUrl(href, url) ?? url;
    }

    private static string? CleanAuthor(string? author)
    {
        var text = MetadataValues.CleanText(author);
        return text is not null && text.StartsWith("by ", StringComparison.OrdinalIgnoreCase) ? text[3..].Trim() : text;
    }

    [GeneratedRegex(@"<(p|br|div|span|a|em|strong|b|i|ul|ol|li|h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();
}
