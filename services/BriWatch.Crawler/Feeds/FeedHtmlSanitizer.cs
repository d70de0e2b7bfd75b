using Ganss.Xss;

namespace BriWatch.Crawler.Feeds;

/// <summary>
/// Makes feed HTML safe to show anywhere (the dashboard, an email digest, a subscriber's page): an allow-list sanitiser
/// (HtmlSanitizer, on AngleSharp's HTML5 parser) keeps text structure, links, images, tables and media, drops everything
/// that can run or submit, resolves relative links against the feed's <c>xml:base</c> or the document URI, and writes HTML5
/// (only void elements are written without an end tag, so <c>&lt;strong&gt;&lt;/strong&gt;</c> stays empty in a browser).
/// </summary>
/// <remarks>
/// <c>data:</c> URLs are refused everywhere, images included: in feeds they are almost only tracking pixels and lazy-load
/// placeholders, an SVG one runs script when opened on its own, and base64 blobs bloat every stored article and digest;
/// a real picture in a feed has an http(s) URL.
/// </remarks>
internal static class FeedHtmlSanitizer
{
    /// <summary>Elements removed with everything inside them: their content is code, a control, or another document.</summary>
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "noframes", "object", "embed", "applet",
        "noembed", "xmp", "svg", "math", "input", "button", "select", "textarea", "option", "optgroup", "datalist", "keygen",
        "output", "progress", "meter", "menuitem", "head", "title", "meta", "link", "base", "param",
    };

    private static readonly string[] AllowedTags =
    [
        // Text structure
        "p", "br", "hr", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var",
        "address", "center", "section", "article", "aside", "header", "footer", "main", "nav", "details", "summary",
        "figure", "figcaption",
        // Phrasing
        "a", "abbr", "acronym", "b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "mark", "small", "big", "sub", "sup",
        "q", "cite", "dfn", "time", "data", "tt", "font", "bdi", "bdo", "ruby", "rt", "rp", "wbr",
        // Lists and tables
        "ul", "ol", "li", "dl", "dt", "dd", "dir", "menu",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        // Images and media (no autoplay: that attribute is not allowed)
        "img", "map", "area", "picture", "source", "audio", "video", "track",
    ];

    private static readonly string[] AllowedAttributes =
    [
        "href", "src", "alt", "title", "cite", "datetime", "lang", "dir", "width", "height", "align", "valign", "border",
        "cellpadding", "cellspacing", "colspan", "rowspan", "headers", "scope", "abbr", "axis", "span", "start", "reversed",
        "type", "value", "summary", "hreflang", "rel", "rev", "shape", "coords", "usemap", "ismap", "nohref", "noshade",
        "nowrap", "clear", "hspace", "vspace", "color", "bgcolor", "face", "size", "compact", "char", "charoff", "rules",
        "frame", "longdesc", "open", "controls", "loop", "muted", "poster", "preload", "kind", "srclang", "label", "media",
        "style",
    ];

    /// <summary>Presentational properties that cannot position, overlay, hide or fetch anything; every other style is dropped.</summary>
    private static readonly string[] AllowedCssProperties =
    [
        "text-align", "text-decoration", "text-indent", "text-transform", "font-style", "font-weight", "font-variant",
        "vertical-align", "white-space", "list-style-type", "direction", "width", "height", "max-width", "float", "clear",
        "border-collapse", "caption-side",
    ];

    private static readonly HtmlSanitizer Sanitizer = Create();

    /// <summary>Sanitises <paramref name="html"/>, resolving relative links against <paramref name="baseUri"/> when one is known.</summary>
    public static string Sanitize(string html, Uri? baseUri)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (HtmlNesting.TooDeep(html))
        {
            // Hostile nesting would cost AngleSharp minutes; its text is all a reader could use anyway.
            return System.Net.WebUtility.HtmlEncode(HtmlNesting.StripTags(html));
        }

        return Sanitizer.Sanitize(html, baseUri?.AbsoluteUri ?? string.Empty, Html5MarkupFormatter.Instance);
    }

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(AllowedCssProperties, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto", "ftp"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "cite", "longdesc", "poster"], StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        // An unknown or merely presentational wrapper keeps its text (KeepChildNodes); code, controls and embedded
        // documents go with their content.
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DroppedWithContent.Contains(e.Tag.LocalName))
            {
                e.Tag.Remove();
                e.Cancel = true;
            }
        };
        return sanitizer;
    }
}
