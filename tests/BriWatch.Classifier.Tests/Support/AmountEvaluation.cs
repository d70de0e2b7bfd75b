using System.Globalization;
using System.Text;
using System.Text.Json;
using BriWatch.Classifier.Pipeline;

namespace BriWatch.Classifier.Tests.Support;

internal sealed record LabelledMoney(double Value, string Currency, string? Role = null);

/// <param name="Headline">The deal's own amount (deal, loan or investment); null when the item states only background figures.</param>
/// <param name="Amounts">Every distinct money amount the item states (value and currency), with its role.</param>
internal sealed record LabelledAmounts(string Id, string Language, string Title, string Text, DateTimeOffset Published, LabelledMoney? Headline, IReadOnlyList<LabelledMoney> Amounts);

internal sealed record ScoredAmounts(LabelledAmounts Item, Classification Result)
{
    /// <summary>Right when both say none, or the headline USD value is the one of an extracted amount matching the label.</summary>
    public bool HeadlineCorrect => Item.Headline is null
        ? Result.AmountUsd is null
        : Result.AmountUsd is { } usd && Result.Amounts.Any(a => AmountEvaluation.Matches(a, Item.Headline) && a.AmountUsd is { } u && Math.Abs(u - usd) <= 0.01 * usd);

    public IEnumerable<(LabelledMoney Label, AmountMention? Found)> Matched =>
        Item.Amounts.Select(l => (l, Result.Amounts.FirstOrDefault(a => AmountEvaluation.Matches(a, l))));
}

/// <summary>
/// The labelled amounts sets: Evaluation/amounts.jsonl (written before tuning, tuned on) and Evaluation/amounts-unseen.jsonl
/// (written after tuning, measured only); headline-amount accuracy, recall of all amounts, role accuracy.
/// </summary>
internal static class AmountEvaluation
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string TunedSet = "amounts.jsonl", UnseenSet = "amounts-unseen.jsonl";

    public static IReadOnlyList<LabelledAmounts> Load(string file = TunedSet)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Evaluation", file);
        return [.. File.ReadLines(path)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonSerializer.Deserialize<LabelledAmounts>(l, Json) ?? throw new InvalidDataException("null item in " + path))];
    }

    public static IReadOnlyList<ScoredAmounts> Score(IEnumerable<LabelledAmounts> items) =>
        [.. items.Select(i => new ScoredAmounts(i, TestClassifier.Instance.Classify(new ArticleInput(i.Id, i.Title, i.Text, i.Published))))];

    /// <summary>Found when value (±1%) and currency match.</summary>
    public static bool Matches(AmountMention found, LabelledMoney label) =>
        found.Currency == label.Currency && Math.Abs(found.Value - label.Value) <= 0.01 * label.Value;

    public static double HeadlineAccuracy(IEnumerable<ScoredAmounts> scored)
    {
        var list = scored.ToList();
        return list.Count == 0 ? 1 : list.Count(s => s.HeadlineCorrect) / (double)list.Count;
    }

    public static (double Recall, int Found, int Labelled) Recall(IEnumerable<ScoredAmounts> scored)
    {
        var matched = scored.SelectMany(s => s.Matched).ToList();
        var found = matched.Count(m => m.Found is not null);
        return (matched.Count == 0 ? 1 : found / (double)matched.Count, found, matched.Count);
    }

    /// <summary>Of the amounts found, how many got the labelled role.</summary>
    public static (double Accuracy, int Correct, int Found) RoleAccuracy(IEnumerable<ScoredAmounts> scored)
    {
        var found = scored.SelectMany(s => s.Matched).Where(m => m.Found is not null).ToList();
        var correct = found.Count(m => m.Found!.Role == m.Label.Role);
        return (found.Count == 0 ? 1 : correct / (double)found.Count, correct, found.Count);
    }

    public static string Report(IReadOnlyList<ScoredAmounts> scored)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine("| language | items | headline correct | headline accuracy | amounts | found | recall | role correct | role accuracy |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in scored.GroupBy(s => s.Item.Language).OrderBy(g => g.Key, StringComparer.Ordinal).Append(scored.GroupBy(_ => "all").Single()))
        {
            var recall = Recall(group);
            var roles = RoleAccuracy(group);
            md.AppendLine(c, $"| {group.Key} | {group.Count()} | {group.Count(s => s.HeadlineCorrect)} | {HeadlineAccuracy(group):0.000} | {recall.Labelled} | {recall.Found} | {recall.Recall:0.000} | {roles.Correct} | {roles.Accuracy:0.000} |");
        }

        md.AppendLine();
        foreach (var s in scored)
        {
            var problems = new List<string>();
            if (!s.HeadlineCorrect)
            {
                problems.Add(string.Create(c, $"headline {(s.Item.Headline is { } h ? $"{h.Value:G4} {h.Currency}" : "none")}, got {(s.Result.AmountUsd is { } u ? $"{u:G4} USD" : "none")}"));
            }

            foreach (var (label, found) in s.Matched)
            {
                if (found is null)
                {
                    problems.Add(string.Create(c, $"missed {label.Value:G4} {label.Currency}"));
                }
                else if (found.Role != label.Role)
                {
                    problems.Add(string.Create(c, $"\"{found.Evidence}\" is {label.Role}, got {found.Role}"));
                }
            }

            if (problems.Count > 0)
            {
                md.AppendLine(c, $"- `{s.Item.Id}`: {string.Join("; ", problems)}");
            }
        }

        return md.ToString();
    }
}
