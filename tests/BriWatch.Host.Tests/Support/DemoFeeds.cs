namespace BriWatch.Host.Tests.Support;

/// <summary>The three-item feed of the end-to-end scenario: one relevant item, two that are not.</summary>
internal static class DemoFeeds
{
    public const string RelevantTitle = "Chinese carmaker BYD opens US$1 billion electric vehicle plant in Brazil";

    public static string ThreeItems(string baseUrl) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0">
          <channel>
            <title>E2E test feed</title>
            <link>{baseUrl}/</link>
            <description>One relevant item and two that are not.</description>
            <item>
              <title>{RelevantTitle}</title>
              <link>{baseUrl}/news/byd-brazil-plant</link>
              <guid isPermaLink="false">e2e-1</guid>
              <pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate>
              <description>Chinese carmaker BYD opened its electric vehicle plant in Camaçari, Bahia, an investment of US$1 billion, its first car factory in Brazil. The plant will assemble electric cars and process battery materials, deepening industrial cooperation between China and Brazil, both BRICS members, and create 5,000 jobs.</description>
            </item>
            <item>
              <title>BRICS film festival opens with gala screening</title>
              <link>{baseUrl}/news/brics-film-festival</link>
              <guid isPermaLink="false">e2e-2</guid>
              <pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate>
              <description>The BRICS film festival opened with a gala screening; actors and directors walked the red carpet and the jury will award prizes for best film and best actress.</description>
            </item>
            <item>
              <title>China's manufacturing PMI edges up to 50.2 in November</title>
              <link>{baseUrl}/news/china-pmi</link>
              <guid isPermaLink="false">e2e-3</guid>
              <pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate>
              <description>China's official manufacturing purchasing managers' index rose to 50.2 in November from 49.8 in October, the National Bureau of Statistics said.</description>
            </item>
          </channel>
        </rss>
        """;
}
