using AngleSharp;
using AngleSharp.Html.Parser;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Tests.Support;

namespace BriWatch.Crawler.Tests.Feeds;

/// <summary>Feed HTML comes out as HTML5 that a browser reads as written, with only what is safe to show kept.</summary>
public sealed class FeedHtmlSanitizerTests
{
    private static readonly Uri Base = new("https://news.example.org/2026/05/");

    public static TheoryData<string> Tricky => new()
    {
        "<p>a<strong></strong>b<span cite=\"\"></span>c</p><ol></ol>",
        "<p>one<p>two<div>three</div>",
        "<table><tr><td>1<td>2</table><p>after</p>",
        "<ul><li>a<li>b</ul><dl><dt>t<dd>d</dl>",
        "<b><i>mis</b>nested</i> text",
        "<p>line<br>break<br/>again<hr><img src=\"/i.png\" alt=\"x\"></p>",
        "<a href=\"/a\">outer <a href=\"/b\">inner</a></a>",
        "<form><p>inside a form</p><input name=x><button>go</button></form><p>after</p>",
        "<font color=red><center>old</center></font><blink>?</blink><o:p>word</o:p>",
        "<table><form><tr><td>cell</td></tr></form></table>",
        "<select><option>x</select><p>kept</p>",
        "<figure><img src=\"a.jpg\"><figcaption>cap</figcaption></figure><video controls src=\"v.mp4\"><source src=\"v.webm\"></video>",
        "<p>5 &lt; 6 &amp; 7 &gt; 2 &nbsp; &quot;q&quot;</p>",
        "<pre>\n  indented\n</pre><textarea>gone</textarea><noscript><p>gone</p></noscript>",
        "<svg><circle r=\"1\"/></svg><math><mi>x</mi></math><p>after</p>",
    };

    [Theory]
    [MemberData(nameof(Tricky))]
    public void Output_reparsed_by_an_html5_parser_is_the_same_tree(string html)
    {
        var sanitized = FeedHtmlSanitizer.Sanitize(html, Base);

        Assert.Equal(sanitized, Html5.Reserialize(sanitized));
    }

    [Fact]
    public void Empty_xhtml_elements_are_written_with_end_tags_and_only_void_elements_self_close()
    {
        const string xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>e</title><id>urn:e</id>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>a<strong/>b<span cite=""/>c</p><br/><ol/><p>after</p></div></content>
            </entry></feed>
            """;

        var content = FeedParser.Parse(Samples.Utf8(xml), Base, null).Items[0].Content;

        Assert.Equal("<p>a<strong></strong>b<span cite=\"https://news.example.org/2026/05/\"></span>c</p><br /><ol></ol><p>after</p>", content);
    }

    [Fact]
    public void Keeps_structure_links_images_and_tables_with_links_made_absolute()
    {
        var sanitized = FeedHtmlSanitizer.Sanitize(
            "<h2>Deal</h2><p>See <a href=\"../story\" title=\"s\">story</a> and <a href=\"mailto:desk@e.org\">mail</a>.</p>"
            + "<img src=\"//cdn.e.org/p.jpg\" alt=\"port\" width=\"10\"><blockquote cite=\"q.html\">quote</blockquote>"
            + "<table><caption>c</caption><thead><tr><th scope=\"col\">h</th></tr></thead><tbody><tr><td colspan=\"2\">d</td></tr></tbody></table>",
            Base);

        Assert.Equal(
            "<h2>Deal</h2><p>See <a href=\"https://news.example.org/2026/story\" title=\"s\">story</a> and <a href=\"mailto:desk@e.org\">mail</a>.</p>"
            + "<img src=\"https://cdn.e.org/p.jpg\" alt=\"port\" width=\"10\" /><blockquote cite=\"https://news.example.org/2026/05/q.html\">quote</blockquote>"
            + "<table><caption>c</caption><thead><tr><th scope=\"col\">h</th></tr></thead><tbody><tr><td colspan=\"2\">d</td></tr></tbody></table>",
            sanitized);
    }

    [Fact]
    public void Drops_scripts_handlers_script_and_data_urls_forms_frames_and_unvouched_styles()
    {
        var sanitized = FeedHtmlSanitizer.Sanitize(
            "<p onclick=\"x()\" style=\"position:fixed;top:0;font-weight:bold;background:url(https://t.e.org/p)\" class=\"c\" id=\"i\">Hi</p>"
            + "<script>evil()</script><iframe src=\"https://e.org/\"></iframe><object data=\"x\"></object><embed src=\"y\">"
            + "<a href=\"javascript:alert(1)\" target=\"_blank\">js</a><a href=\" JaVa&#x09;script:alert(2)\">js2</a>"
            + "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"pixel\"><a href=\"data:text/html,<script>x()</script>\">d</a>"
            + "<form action=\"https://e.org/steal\"><input name=\"p\"><label>Name</label></form><style>p{}</style>",
            Base);

        // A form's text stays (its label), its controls go; a data: image goes as a tracking pixel would.
        Assert.Equal("<p style=\"font-weight: bold\">Hi</p><a>js</a><a>js2</a><img alt=\"pixel\" /><a>d</a>Name", sanitized);
    }

    /// <summary>Parses HTML as a browser would inside <c>&lt;body&gt;</c> and writes the tree back.</summary>
    internal static class Html5
    {
        private static readonly HtmlParser Parser = new();

        public static string Reserialize(string html)
        {
            var document = Parser.ParseDocument("<!doctype html><html><body>" + html);
            return string.Concat(document.Body!.ChildNodes.Select(n => n.ToHtml(Html5MarkupFormatter.Instance)));
        }
    }
}
