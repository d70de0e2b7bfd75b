using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Tests.Extraction;

/// <summary>
/// trafilatura's scoring rule (tests/eval_common.py, count_item and ConfusionMatrix): a "with" segment found in the
/// whitespace-normalised output is a true positive, else a false negative; a "without" segment found is a false
/// positive, else a true negative. Matching is a case-sensitive substring test; no output scores as empty output.
/// </summary>
public readonly partial record struct SegmentCounts(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public static SegmentCounts Score(string? text, IReadOnlyCollection<string> with, IReadOnlyCollection<string> without)
    {
        var normalised = Normalise(text ?? string.Empty);
        var tp = with.Count(w => normalised.Contains(Normalise(w), StringComparison.Ordinal));
        var fp = without.Count(w => normalised.Contains(Normalise(w), StringComparison.Ordinal));
        return new SegmentCounts(tp, fp, with.Count - tp, without.Count - fp);
    }

    /// <summary>Python's re.sub(r"\s+", " ", text).strip().</summary>
    public static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    public static SegmentCounts operator +(SegmentCounts a, SegmentCounts b) => new(
        a.TruePositives + b.TruePositives,
        a.FalsePositives + b.FalsePositives,
        a.FalseNegatives + b.FalseNegatives,
        a.TrueNegatives + b.TrueNegatives);

    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public double Accuracy => Ratio(TruePositives + TrueNegatives, TruePositives + TrueNegatives + FalsePositives + FalseNegatives);

    public double F1 => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    // Python 3 str patterns treat the separators \x1C-\x1F as whitespace too; .NET does not.
    [GeneratedRegex(@"[\s\x1C-\x1F]+")]
    private static partial Regex Whitespace();
}
