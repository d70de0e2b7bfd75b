using BriWatch.Classifier.Tests.Support;

namespace BriWatch.Classifier.Tests;

public sealed class AmountEvaluationTests
{
    private const double Floor = 0.9;

    private static readonly string[] Languages = ["ar", "en", "es", "fr", "id", "pt", "ru", "zh"];

    [Fact]
    public void Labelled_amounts_set_has_at_least_60_amounts_in_the_8_languages_with_deal_and_background_figures()
    {
        var items = AmountEvaluation.Load();

        Assert.True(items.Sum(i => i.Amounts.Count) >= 60);
        Assert.Equal(Languages, items.Select(i => i.Language).Distinct().Order(StringComparer.Ordinal));
        Assert.All(items.GroupBy(i => i.Language), g => Assert.True(
            g.Any(i => i.Headline is not null) && g.Any(i => i.Amounts.Any(a => a.Role == "background")), g.Key));
        Assert.All(items.SelectMany(i => i.Amounts), a => Assert.Contains(a.Role, (string[])["deal", "loan", "investment", "capacity", "background"]));
    }

    [Fact]
    public void Headline_amount_accuracy_and_recall_of_all_amounts_are_at_least_0_9()
    {
        var scored = AmountEvaluation.Score(AmountEvaluation.Load());
        var headline = AmountEvaluation.HeadlineAccuracy(scored);
        var recall = AmountEvaluation.Recall(scored);
        var unseen = AmountEvaluation.Score(AmountEvaluation.Load(AmountEvaluation.UnseenSet));
        var report = AmountEvaluation.Report(scored) + "\nUnseen set (measured, not tuned on):\n\n" + AmountEvaluation.Report(unseen);

        // BRIWATCH_AMOUNT_REPORT=path writes the table used in docs/classifier-evaluation.md.
        var reportPath = Environment.GetEnvironmentVariable("BRIWATCH_AMOUNT_REPORT");
        if (!string.IsNullOrWhiteSpace(reportPath))
        {
            File.WriteAllText(reportPath, report);
        }

        Assert.True(headline >= Floor && recall.Recall >= Floor, $"headline accuracy {headline:0.000}, recall {recall.Recall:0.000}\n{report}");
    }
}
