using System.Globalization;
using System.Text;
using BriWatch.Storage.Articles;

namespace BriWatch.Benchmarks.Api;

/// <summary>
/// Synthetic stored articles shaped like the classifier's output: about 60% relevant, one to three topics and one to
/// three countries skewed towards the frequent ones, a deal amount and stage on a third, ~2 KB of text, and one in ten
/// a syndicated copy sharing an earlier story id.
/// </summary>
internal static class PreviewCorpus
{
    private static readonly string[] Topics =
    [
        "energy_new", "energy_fossil", "mining_resources", "manufacturing", "rail", "ports_logistics", "finance",
        "digital", "agriculture", "industrial_parks", "automotive", "bri",
    ];

    private static readonly string[] Countries = ["CN", "RU", "IN", "BR", "ZA", "EG", "ET", "IR", "AE", "SA", "ID", "HU", "KZ", "PK", "NG", "VN"];

    private static readonly string[] Stages = ["announced", "mou", "signed", "financed", "under_construction", "operational", "cancelled"];

    private static readonly string[] Words =
    [
        "the", "project", "minister", "agreement", "investment", "plant", "capacity", "cooperation", "billion", "construction",
        "signed", "company", "state", "bank", "export", "industrial", "zone", "railway", "port", "grid", "supply", "chain",
        "partners", "officials", "said", "new", "phase", "loan", "development", "joint", "venture", "solar", "park", "wind",
        "lithium", "copper", "corridor", "summit", "trade", "yuan", "rupee", "real", "output", "factory", "workers",
    ];

    public static Article Article(int n, int count, DateTimeOffset now, Random random)
    {
        var topics = Pick(Topics, random, 1 + random.Next(3));
        var countries = Pick(Countries, random, 1 + random.Next(3));
        var relevant = random.NextDouble() < 0.6;
        var id = "pa-" + n.ToString(CultureInfo.InvariantCulture);
        var title = $"{countries[0]} {topics[0].Replace('_', ' ')} {Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]} #{n}";
        return new Article
        {
            Id = id,
            SourceId = "source-" + random.Next(300).ToString(CultureInfo.InvariantCulture),
            Url = $"https://news.example.org/{id}",
            Title = title,
            Text = Text(random),
            // Oldest first, spread evenly over the last 30 days (minus a margin, so none drop out of the window mid-run).
            DiscoveredAt = now.AddDays(-29.5).AddSeconds(29.5 * 86_400.0 * n / count),
            ClassifiedAt = now,
            Language = random.NextDouble() < 0.8 ? "en" : "zh",
            Relevant = relevant,
            Score = relevant ? 0.5 + (random.NextDouble() * 0.5) : random.NextDouble() * 0.5,
            Topics = topics,
            Countries = countries,
            StoryId = n > 10 && random.NextDouble() < 0.1 ? "story-" + random.Next(n).ToString(CultureInfo.InvariantCulture) : "story-" + n.ToString(CultureInfo.InvariantCulture),
            Evidence = [title[..Math.Min(40, title.Length)]],
            AmountUsd = random.NextDouble() < 0.33 ? Math.Round(Math.Pow(10, 6 + (random.NextDouble() * 4))) : null,
            Stage = random.NextDouble() < 0.33 ? Stages[random.Next(Stages.Length)] : null,
        };
    }

    /// <summary>Frequent values first: a skewed pick without repeats.</summary>
    private static List<string> Pick(string[] values, Random random, int count)
    {
        var picked = new List<string>(count);
        while (picked.Count < count)
        {
            var value = values[(int)(values.Length * Math.Pow(random.NextDouble(), 1.8))];
            if (!picked.Contains(value))
            {
                picked.Add(value);
            }
        }

        return picked;
    }

    private static string Text(Random random)
    {
        var text = new StringBuilder(2100);
        while (text.Length < 2000)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(random.Next(12) == 0 ? ". " : " ");
        }

        return text.ToString();
    }
}
