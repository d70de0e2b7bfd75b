using BriWatch.Contracts;

namespace BriWatch.Matching.Tests;

internal static class Articles
{
    private static readonly DateTimeOffset Classified = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Topics energy_new; countries BR, CN; score 0.9; relevant; language en; source source-xinhua; unless given.</summary>
    public static ArticleClassified SolarParkDeal(string[]? topics = null, string[]? countries = null, double score = 0.9, bool relevant = true) => new(
        "art-1",
        "source-xinhua",
        "https://example.org/news/art-1",
        "Brazil and China sign solar park deal",
        "A 1.2 GW solar park in Bahia, financed by the NDB.",
        Classified.AddHours(-2),
        "en",
        relevant,
        score,
        topics ?? ["energy_new"],
        countries ?? ["BR", "CN"],
        "story-1",
        ["sign solar park deal"],
        Classified);
}
