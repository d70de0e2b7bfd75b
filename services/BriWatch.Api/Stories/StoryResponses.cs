using BriWatch.Storage.Articles;

namespace BriWatch.Api.Stories;

/// <summary>One real-world story: every stored report of it, across outlets and languages.</summary>
/// <param name="Title">The first report's title.</param>
/// <param name="AmountUsd">The newest report's headline deal amount, when one states it.</param>
/// <param name="Stage">The newest report's project stage.</param>
public sealed record StorySummary(
    string Id,
    string Title,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    int ArticleCount,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Outlets,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Topics,
    bool Relevant,
    double? AmountUsd,
    string? Stage)
{
    /// <param name="reports">The story's articles, oldest first; at least one.</param>
    internal static StorySummary From(string id, IReadOnlyList<Article> reports)
    {
        var newest = reports[^1];
        return new StorySummary(
            id,
            reports[0].Title,
            reports[0].DiscoveredAt,
            newest.DiscoveredAt,
            reports.Count,
            Distinct(reports.Select(a => a.Language)),
            Distinct(reports.Select(a => a.SourceId)),
            Distinct(reports.SelectMany(a => a.Countries)),
            Distinct(reports.SelectMany(a => a.Topics)),
            reports.Any(a => a.Relevant),
            reports.LastOrDefault(a => a.AmountUsd is not null)?.AmountUsd,
            reports.LastOrDefault(a => a.Stage is not null)?.Stage);
    }

    private static string[] Distinct(IEnumerable<string> values) => [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

public sealed record StoryList(IReadOnlyList<StorySummary> Items, long Total);

/// <summary>A story with its reports (oldest first) and the deal amounts they state (background figures left out).</summary>
public sealed record StoryDetail(StorySummary Story, IReadOnlyList<StoryReport> Articles, IReadOnlyList<StoryDealAmount> Deals)
{
    internal static StoryDetail From(string id, IReadOnlyList<Article> reports) => new(
        StorySummary.From(id, reports),
        [.. reports.Select(a => new StoryReport(a.Id, a.Title, a.Url, a.SourceId, a.Language, a.Published, a.DiscoveredAt, a.Score, a.AmountUsd, a.Stage))],
        [.. reports.SelectMany(a => a.Amounts.Where(m => m.Role != "background")
            .Select(m => new StoryDealAmount(a.Id, m.Value, m.Currency, m.AmountUsd, m.Role, m.Evidence)))]);
}

public sealed record StoryReport(
    string Id, string Title, string Url, string SourceId, string Language, DateTimeOffset? Published, DateTimeOffset DiscoveredAt, double Score, double? AmountUsd, string? Stage);

/// <param name="ArticleId">The report that states it.</param>
/// <param name="Evidence">The amount as the report writes it.</param>
public sealed record StoryDealAmount(string ArticleId, double Value, string Currency, double? AmountUsd, string Role, string Evidence);
