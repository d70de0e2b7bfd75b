using BriWatch.Matching.Indexing;
using BriWatch.Matching.Query;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Matching.Tests;

public sealed class SubscriptionIndexTests
{
    private static readonly string[] Topics = ["energy_new", "mining_resources", "finance", "transport", "digital"];
    private static readonly string[] Countries = ["BR", "RU", "IN", "CN", "ZA", "EG"];
    private static readonly string?[] Queries =
    [
        null, null, "solar", "NOT topic:finance", "topic:(energy_new OR digital) AND country:ZA", "score>=0.8",
        "country:BR OR language:ru", "\"solar park\" AND NOT country:IN", "official:true", "amount_usd>=100M",
        "lithium OR railway", "score>0.5 AND solar", "(score>=0.7 OR score>0.4) AND NOT country:BR", "score>=0.3 OR topic:finance",
        "language:ru AND NOT (port OR bahia)",
    ];

    private static readonly string[] Titles = ["Brazil and China sign solar park deal", "Lithium mine opens", "Port and railway loan approved", "太阳能 solar 项目"];

    [Fact]
    public void Index_matches_exactly_what_evaluating_every_subscription_matches()
    {
        var random = new Random(42);
        var subscriptions = Enumerable.Range(0, 2000).Select(i => RandomSubscription(random, i)).ToList();
        var index = SubscriptionIndexBuilder.Build(subscriptions, (s, e) => Assert.Fail($"{s.Query}: {e.Message}"));
        var all = subscriptions.Select(s => new IndexedSubscription(s, s.Query is null ? null : SubscriptionQuery.Parse(s.Query))).ToList();

        for (var i = 0; i < 300; i++)
        {
            var article = Articles.SolarParkDeal(
                topics: Pick(random, Topics, random.Next(0, 3)),
                countries: Pick(random, Countries, random.Next(0, 3)),
                score: random.NextDouble(),
                relevant: random.Next(4) > 0) with { Language = random.Next(3) == 0 ? "ru" : "en", Title = Titles[random.Next(Titles.Length)] };
            var document = new MatchDocument(article, official: random.Next(2) == 0, amountUsd: random.Next(2) == 0 ? 5e8 : null);

            var expected = all.Where(s => s.Matches(document)).Select(s => s.Subscription.Id).Order(StringComparer.Ordinal);
            var actual = index.Match(document).Select(s => s.Subscription.Id).Order(StringComparer.Ordinal);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Unparseable_stored_query_is_reported_and_left_out()
    {
        var reported = new List<string>();
        var index = SubscriptionIndexBuilder.Build(
            [Subscriptions.Of("good"), Subscriptions.Of("bad") with { Query = "topic:(a OR" }],
            (s, e) => reported.Add($"{s.Id}: {((QueryParseException)e).Position}"));

        Assert.Equal(1, index.Count);
        Assert.Equal(["bad: 12"], reported);
    }

    [Theory]
    [InlineData("topics")]
    [InlineData("countries")]
    public void Subscription_with_a_null_topic_or_country_is_reported_and_left_out_while_the_rest_still_match(string field)
    {
        var good = Subscriptions.Of("good", topics: ["energy_new"], countries: ["BR"], minScore: 0);
        var bad = Subscriptions.Of("bad", minScore: 0);
        bad = field == "topics" ? bad with { Topics = ["energy_new", null!] } : bad with { Countries = [null!] };
        var reported = new List<string>();

        var index = SubscriptionIndexBuilder.Build([bad, good], (s, e) => reported.Add($"{s.Id}: {e.Message}"));
        var matched = index.Match(new MatchDocument(Articles.SolarParkDeal(topics: ["energy_new"], countries: ["BR"], score: 0.9, relevant: true)));

        Assert.Equal(["good"], matched.Select(s => s.Subscription.Id));
        Assert.Equal([field == "topics" ? "bad: topics[1] is null or blank" : "bad: countries[0] is null or blank"], reported);
    }

    internal static Subscription RandomSubscription(Random random, int i) =>
        Subscriptions.Of($"sub-{i}", topics: Pick(random, Topics, random.Next(0, 3)), countries: Pick(random, Countries, random.Next(0, 3)), minScore: random.NextDouble() * 0.8)
        with { Query = Unique(random, Queries[random.Next(Queries.Length)], i), RelevantOnly = random.Next(3) > 0 };

    // Some query texts are made unique (compiled per posting rather than shared), some of those able to match on their own term.
    private static string? Unique(Random random, string? query, int i) => query is null ? null : random.Next(4) switch
    {
        0 => $"({query}) AND NOT zz{i}",
        1 => $"({query}) OR (bahia AND NOT zz{i})",
        _ => query,
    };

    private static string[] Pick(Random random, string[] from, int count) => [.. from.OrderBy(_ => random.Next()).Take(count)];
}
