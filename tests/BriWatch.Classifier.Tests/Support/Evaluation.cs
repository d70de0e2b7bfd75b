using System.Globalization;
using System.Text;
using System.Text.Json;
using BriWatch.Classifier.Pipeline;

namespace BriWatch.Classifier.Tests.Support;

/// <param name="Stage">The deal stage the text clearly states (relevant items only); null when it states none or is ambiguous.</param>
internal sealed record LabelledItem(string Id, string Language, bool Relevant, IReadOnlyList<string> Topics, string Title, string Text, DateTimeOffset Published, string? Stage = null);

internal sealed record Scored(LabelledItem Item, Classification Result);

/// <summary>The labelled evaluation set (Evaluation/labelled.jsonl plus the shared seed articles) and its metrics.</summary>
internal static class Evaluation
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Stage: the seeds are commentary and policy pieces; only 003 (a centre China announced) states one.
    private static readonly (string File, string[] Topics, string? Stage)[] Seeds =
    [
        ("000_bdc1504cc5b0cd2a.txt", ["manufacturing", "brics"], null),
        ("001_2f5ace6274ab24be.txt", ["manufacturing", "bri"], null),
        ("002_5d90f542ce3fae8c.txt", ["manufacturing", "brics", "energy_new"], null),
        ("003_e75b1ce0564321e1.txt", ["industrial_park_sez", "brics"], "announced"),
        ("004_efde72d67f7d87db.txt", ["manufacturing", "bri"], null),
    ];

    public static IReadOnlyList<LabelledItem> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Evaluation", "labelled.jsonl");
        var items = File.ReadLines(path)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonSerializer.Deserialize<LabelledItem>(l, Json) ?? throw new InvalidDataException("null item in " + path))
            .ToList();
        if (SeedArticles.Directory is not null)
        {
            foreach (var (file, topics, stage) in Seeds)
            {
                var (title, text, published) = SeedArticles.Load(file);
                items.Add(new LabelledItem("seed-" + file[..3], "en", true, topics, title, text, published, stage));
            }
        }

        return items;
    }

    public static IReadOnlyList<Scored> Score(IEnumerable<LabelledItem> items) =>
        [.. items.Select(i => new Scored(i, TestClassifier.Instance.Classify(new ArticleInput(i.Id, i.Title, i.Text, i.Published))))];

    public static (double Precision, double Recall, double F1, int Support) Relevance(IEnumerable<Scored> scored)
    {
        int tp = 0, fp = 0, fn = 0, n = 0;
        foreach (var s in scored)
        {
            n++;
            tp += s.Item.Relevant && s.Result.Relevant ? 1 : 0;
            fp += !s.Item.Relevant && s.Result.Relevant ? 1 : 0;
            fn += s.Item.Relevant && !s.Result.Relevant ? 1 : 0;
        }

        return Metrics(tp, fp, fn, n);
    }

    /// <summary>Exact-match stage accuracy over relevant items with a stage label; how many of them got no stage at all.</summary>
    public static (double Accuracy, int Correct, int Labelled, int Null) StageAccuracy(IEnumerable<Scored> scored)
    {
        int correct = 0, labelled = 0, none = 0;
        foreach (var s in scored.Where(s => s.Item.Relevant && s.Item.Stage is not null))
        {
            labelled++;
            correct += s.Result.Stage == s.Item.Stage ? 1 : 0;
            none += s.Result.Stage is null ? 1 : 0;
        }

        return (labelled == 0 ? 1 : correct / (double)labelled, correct, labelled, none);
    }

    public static string Report(IReadOnlyList<Scored> scored)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var all = Relevance(scored);
        md.AppendLine(c, $"Items: {scored.Count} ({scored.Count(s => s.Item.Relevant)} relevant, {scored.Count(s => !s.Item.Relevant)} not relevant), languages: {string.Join(", ", scored.Select(s => s.Item.Language).Distinct())}.");
        md.AppendLine();
        md.AppendLine("### `relevant` overall");
        md.AppendLine();
        md.AppendLine("| items | precision | recall | F1 |");
        md.AppendLine("| ---: | ---: | ---: | ---: |");
        md.AppendLine(c, $"| {all.Support} | {all.Precision:0.000} | {all.Recall:0.000} | {all.F1:0.000} |");
        md.AppendLine();
        md.AppendLine("### `relevant` by language (and language identification accuracy)");
        md.AppendLine();
        md.AppendLine("| language | items | precision | recall | F1 | language id |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in scored.GroupBy(s => s.Item.Language).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var m = Relevance(group);
            var languageId = group.Count(s => s.Result.Language == s.Item.Language) / (double)group.Count();
            md.AppendLine(c, $"| {group.Key} | {m.Support} | {m.Precision:0.000} | {m.Recall:0.000} | {m.F1:0.000} | {languageId:0.000} |");
        }

        md.AppendLine();
        md.AppendLine("### By topic");
        md.AppendLine();
        md.AppendLine("`relevant` P/R/F1 on the items labelled with the topic (positives and the hard negatives about it); tag precision/recall/F1 of the");
        md.AppendLine("topic itself over all items, counting a tag as correct when the label lists it (labels list each item's main topics, so tag precision is a lower bound).");
        md.AppendLine();
        md.AppendLine("| topic | items | relevant P | relevant R | relevant F1 | tag P | tag R | tag F1 |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var topic in Taxonomy.Topics.Ids)
        {
            var labelled = scored.Where(s => s.Item.Topics.Contains(topic)).ToList();
            if (labelled.Count == 0)
            {
                continue;
            }

            var m = Relevance(labelled);
            int tp = scored.Count(s => s.Item.Topics.Contains(topic) && s.Result.Topics.Contains(topic));
            int fp = scored.Count(s => !s.Item.Topics.Contains(topic) && s.Result.Topics.Contains(topic));
            int fn = scored.Count(s => s.Item.Topics.Contains(topic) && !s.Result.Topics.Contains(topic));
            var tag = Metrics(tp, fp, fn, labelled.Count);
            md.AppendLine(c, $"| {topic} | {labelled.Count} | {m.Precision:0.000} | {m.Recall:0.000} | {m.F1:0.000} | {tag.Precision:0.000} | {tag.Recall:0.000} | {tag.F1:0.000} |");
        }

        var stage = StageAccuracy(scored);
        md.AppendLine();
        md.AppendLine("### `stage` accuracy");
        md.AppendLine();
        md.AppendLine(c, $"Exact match over the {stage.Labelled} relevant items with a stage label ({scored.Count(s => s.Item.Relevant && s.Item.Stage is null)} relevant items state no clear stage and are left out); \"no stage\" counts the labelled items the classifier gave no stage (including those it did not find relevant).");
        md.AppendLine();
        md.AppendLine("| language | labelled | correct | accuracy | no stage |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        md.AppendLine(c, $"| all | {stage.Labelled} | {stage.Correct} | {stage.Accuracy:0.000} | {stage.Null} |");
        foreach (var group in scored.GroupBy(s => s.Item.Language).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var m = StageAccuracy(group);
            md.AppendLine(c, $"| {group.Key} | {m.Labelled} | {m.Correct} | {m.Accuracy:0.000} | {m.Null} |");
        }

        var wrongStage = scored.Where(s => s.Item.Relevant && s.Item.Stage is not null && s.Result.Stage != s.Item.Stage).ToList();
        md.AppendLine();
        md.AppendLine(c, $"### Stage wrong ({wrongStage.Count})");
        md.AppendLine();
        foreach (var e in wrongStage)
        {
            md.AppendLine(c, $"- `{e.Item.Id}` labelled `{e.Item.Stage}`, got `{e.Result.Stage ?? "none"}`: {e.Item.Title}");
        }

        var wrongLanguage = scored.Where(s => s.Result.Language != s.Item.Language).ToList();
        md.AppendLine();
        md.AppendLine(c, $"### Language misidentified ({wrongLanguage.Count})");
        md.AppendLine();
        foreach (var e in wrongLanguage)
        {
            md.AppendLine(c, $"- `{e.Item.Id}` identified as `{e.Result.Language}`: {e.Item.Title}");
        }

        var errors = scored.Where(s => s.Item.Relevant != s.Result.Relevant).ToList();
        md.AppendLine();
        md.AppendLine(c, $"### Misclassified ({errors.Count})");
        md.AppendLine();
        foreach (var e in errors)
        {
            md.AppendLine(c, $"- `{e.Item.Id}` labelled {(e.Item.Relevant ? "relevant" : "not relevant")}, score {e.Result.Score:0.000}: {e.Item.Title}");
        }

        return md.ToString();
    }

    private static (double Precision, double Recall, double F1, int Support) Metrics(int tp, int fp, int fn, int n)
    {
        var precision = tp + fp == 0 ? 1 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 1 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1, n);
    }
}
