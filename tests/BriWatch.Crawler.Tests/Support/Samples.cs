using System.Text;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>Small feed documents shared by tests.</summary>
public static class Samples
{
    public static string Rss(params (string Title, string Link)[] items) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0">
          <channel>
            <title>Sample feed</title>
            <link>https://news.example.org/</link>
            <language>en</language>
            {string.Concat(items.Select(i => $"<item><title>{i.Title}</title><link>{i.Link}</link><description>About {i.Title}</description><pubDate>Tue, 05 Mar 2024 08:30:00 +0800</pubDate></item>"))}
          </channel>
        </rss>
        """;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
