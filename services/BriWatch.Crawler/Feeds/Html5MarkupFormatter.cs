using AngleSharp.Dom;
using AngleSharp.Html;

namespace BriWatch.Crawler.Feeds;

/// <summary>
/// HTML5 serialisation in which only void elements self-close (<c>&lt;br /&gt;</c>, <c>&lt;img ... /&gt;</c>): every other
/// element gets its end tag, empty or not. The slash is allowed on void elements in HTML5 and keeps the output readable as
/// XML too, for feed readers and tools that expect XHTML-style void tags.
/// </summary>
internal sealed class Html5MarkupFormatter : HtmlMarkupFormatter
{
    public static new readonly Html5MarkupFormatter Instance = new();

    public override string OpenTag(IElement element, bool selfClosing)
    {
        var tag = base.OpenTag(element, selfClosing);
        return selfClosing ? string.Concat(tag.AsSpan(0, tag.Length - 1), " />") : tag;
    }
}
