using BriWatch.Contracts;

namespace BriWatch.Matching.Tests;

internal static class Articles
{
    private static readonly DateTimeOffset Classified = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Topics energy_new; countries BR, CN; score 0.9; language en; source source-xinhua.</summary>
    public static ArticleClassified SolarParkDeal() => new(
        "art-1",
        "source-xinhua",
        "https://example.org/news/art-1",
        "Brazil and China sign solar park deal",
        "A 1.2 GW solar park in Bahia, financed by the NDB.",
        Classified.AddHours(-2),
        "en",
        true,
        0.9,
        ["energy_new"],
        ["BR", "CN"],
        "story-1",
        ["sign solar park deal"],
        Classified);
}
