namespace BriWatch.Crawler.Feeds;

internal static class FeedNamespaces
{
    public const string Atom10 = "http://www.w3.org/2005/Atom";
    public const string Atom03 = "http://purl.org/atom/ns#";
    public const string Rss10 = "http://purl.org/rss/1.0/";
    public const string Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public const string Rss2Userland = "http://backend.userland.com/rss2";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string DublinCore = "http://purl.org/dc/elements/1.1/";
    public const string DcTerms = "http://purl.org/dc/terms/";
    public const string Content = "http://purl.org/rss/1.0/modules/content/";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string Syndication = "http://purl.org/rss/1.0/modules/syndication/";

    /// <summary>Namespaces the plain RSS elements appear in across 0.9x, 1.0 and 2.0.</summary>
    public static readonly string[] Rss = ["", Rss10, Rss090, Rss2Userland];
}
