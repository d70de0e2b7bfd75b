using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Tests.Extraction;

/// <summary>Token-level precision, recall and F1 of an extracted text against a reference (bag-of-words overlap).</summary>
internal static partial class TokenF1
{
    public static IReadOnlyList<string> Tokens(string text) =>
        NonWord().Split(text.ToLowerInvariant()).Where(t => t.Length > 0).ToList();

    public static (double Precision, double Recall, double F1) Score(string extracted, string expected)
    {
        var got = Tokens(extracted);
        var want = Tokens(expected);
        if (got.Count == 0 && want.Count == 0)
        {
            return (1, 1, 1);
        }

        if (got.Count == 0 || want.Count == 0)
        {
            return (0, 0, 0);
        }

        var remaining = want.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var overlap = 0;
        foreach (var token in got)
        {
            if (remaining.TryGetValue(token, out var count) && count > 0)
            {
                remaining[token] = count - 1;
                overlap++;
            }
        }

        var precision = (double)overlap / got.Count;
        var recall = (double)overlap / want.Count;
        var f1 = overlap == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();
}
