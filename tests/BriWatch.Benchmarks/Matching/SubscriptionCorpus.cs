using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Benchmarks.Matching;

/// <summary>A synthetic but realistic mix of subscriptions and classified articles, fixed by a seed.</summary>
internal static class SubscriptionCorpus
{
    /// <summary>The topic ids of seeds/taxonomy/topics.yaml.</summary>
    public static readonly string[] Topics =
    [
        "brics", "bri", "manufacturing", "industrial_park_sez", "infrastructure_transport", "energy_new", "energy_traditional",
        "digital_infrastructure", "finance_investment", "trade", "mining_resources", "agriculture", "policy_diplomacy",
    ];

    /// <summary>BRICS members and partners and other Belt and Road countries the sources cover.</summary>
    public static readonly string[] Countries =
    [
        "BR", "RU", "IN", "CN", "ZA", "EG", "ET", "IR", "AE", "SA", "ID", "KZ", "PK", "NG", "AR", "MY", "TH", "VN",
        "UZ", "LK", "KE", "TZ", "TR", "BY", "CU", "BO", "UG", "DZ", "MA", "RS", "HU", "GR", "IT", "LA", "KH", "MM",
        "BD", "NP", "MN", "KG",
    ];

    private static readonly string[] Words = ["solar", "pipeline", "railway", "port", "loan", "\"industrial park\"", "hydropower", "5G", "lithium", "\"free trade\""];

    public static List<Subscription> Subscriptions(int count, int seed)
    {
        var random = new Random(seed);
        var list = new List<Subscription>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = random.Next(100);
            var subscription = new Subscription
            {
                Id = "sub-" + i,
                Owner = "owner-" + (i % 5000),
                Name = "subscription " + i,
                MinScore = Math.Round(random.NextDouble() * 0.8, 2),
                RelevantOnly = random.Next(10) > 0,
                Webhook = new WebhookChannel("https://hooks.example.org/" + i, "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            };
            list.Add(kind switch
            {
                // Structured filters, sometimes refined by a query.
                < 70 => subscription with
                {
                    Topics = Pick(random, Topics, random.Next(1, 3)),
                    Countries = Pick(random, Countries, random.Next(100) < 15 ? 0 : random.Next(1, 4)),
                    Query = random.Next(3) switch { 0 => null, 1 => "score>=0.6 AND NOT topic:policy_diplomacy", _ => Pick(random, Words, 1)[0] },
                },

                // Everything in the query.
                < 90 => subscription with
                {
                    Query = $"topic:{Pick(random, Topics, 1)[0]} AND country:({string.Join(" OR ", Pick(random, Countries, random.Next(1, 4)))}) AND NOT topic:mining_resources",
                },

                // Countries only, optionally with words.
                < 98 => subscription with
                {
                    Countries = Pick(random, Countries, random.Next(1, 3)),
                    Query = random.Next(2) == 0 ? null : Pick(random, Words, 1)[0] + " OR language:zh",
                },

                // Broad: free text only, visited by every article.
                _ => subscription with { Query = $"{Pick(random, Words, 1)[0]} AND score>=0.5" },
            });
        }

        return list;
    }

    private static readonly string[] Sentences =
    [
        "China and Brazil sign a solar park deal.",
        "The railway loan was approved by the New Development Bank.",
        "Egypt opens a port in the Suez Canal economic zone.",
        "Russia and India agree on a nuclear fuel contract.",
        "An industrial park for electric vehicles breaks ground in Thailand.",
        "Ministers discussed free trade and local-currency settlement.",
        "The hydropower station will supply 2 GW to the grid.",
        "Telecom operators roll out 5G along the corridor.",
        "A lithium mine in Argentina attracts new investment.",
        "Officials visited the site on Tuesday.",
        "The agreement covers training and technology transfer.",
        "Construction is expected to finish in 2028.",
    ];

    public static ArticleClassified Article(Random random, int topics, int countries) => new(
        "art-" + random.Next(),
        "source-xinhua",
        "https://example.org/a",
        Sentences[random.Next(Sentences.Length)],
        Sentences[random.Next(Sentences.Length)] + " " + Sentences[random.Next(Sentences.Length)],
        DateTimeOffset.UnixEpoch,
        random.Next(4) == 0 ? "zh" : "en",
        random.Next(5) > 0,
        random.NextDouble(),
        Pick(random, Topics, topics),
        Pick(random, Countries, countries),
        "story-" + random.Next(),
        [],
        DateTimeOffset.UnixEpoch);

    private static string[] Pick(Random random, string[] from, int count)
    {
        var picked = new HashSet<string>(StringComparer.Ordinal);
        while (picked.Count < count)
        {
            picked.Add(from[random.Next(from.Length)]);
        }

        return [.. picked];
    }
}
