namespace BriWatch.Alerting.Alerts;

/// <summary>
/// A digest's items grouped by topic, then country. Each item appears once, under its first (strongest) topic and
/// country, so a story tagged with three countries is not repeated three times.
/// </summary>
public static class DigestGroups
{
    public const string NoTopic = "other";

    public const string NoCountry = "unspecified";

    public static IReadOnlyList<TopicGroup> Of(IEnumerable<ArticleMatchedData> items) =>
    [
        .. items
            .GroupBy(i => i.Topics is { Count: > 0 } t ? t[0] : NoTopic, StringComparer.Ordinal)
            .OrderBy(g => g.Key == NoTopic).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(topic => new TopicGroup(
                topic.Key,
                [
                    .. topic
                        .GroupBy(i => i.Countries is { Count: > 0 } c ? c[0] : NoCountry, StringComparer.Ordinal)
                        .OrderBy(g => g.Key == NoCountry).ThenBy(g => g.Key, StringComparer.Ordinal)
                        .Select(country => new CountryGroup(country.Key, [.. country])),
                ])),
    ];
}

public sealed record TopicGroup(string Topic, IReadOnlyList<CountryGroup> Countries);

public sealed record CountryGroup(string Country, IReadOnlyList<ArticleMatchedData> Items);
