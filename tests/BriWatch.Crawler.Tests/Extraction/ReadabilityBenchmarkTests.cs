using System.Globalization;
using System.Text.Json;
using BriWatch.Crawler.Extraction;

namespace BriWatch.Crawler.Tests.Extraction;

/// <summary>
/// Scores extraction against Mozilla Readability's 130 test pages: token F1 of the text against expected.html and the
/// title against expected-metadata.json. The thresholds are what this extractor reaches (issue 3 asks for 0.95 mean F1).
/// </summary>
public sealed class ReadabilityBenchmarkTests(ReadabilityTestPages pages, ITestOutputHelper output)
    : IClassFixture<ReadabilityTestPages>
{
    private const double MinimumMeanF1 = 0.997;
    private const double MinimumTitleAccuracy = 0.99;

    // Test pages were saved from these addresses; relative links resolve against it as in Readability's own tests.
    private static readonly Uri PageUrl = new("http://fakehost/test/page.html");

    [Fact]
    public void Mean_token_F1_on_Mozilla_readability_test_pages_reaches_the_recorded_level()
    {
        RequirePages();
        var extractor = new ArticleExtractor();
        var scores = new List<(string Page, double Precision, double Recall, double F1, string Method)>();

        foreach (var dir in pages.Pages)
        {
            var article = Extract(extractor, dir);
            var expected = PlainText.FromHtml(File.ReadAllText(Path.Combine(dir, "expected.html")));
            var (precision, recall, f1) = TokenF1.Score(article.Text, expected);
            scores.Add((Path.GetFileName(dir), precision, recall, f1, article.Method));
        }

        foreach (var s in scores.OrderBy(s => s.F1))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.F1:F3}  P={s.Precision:F3} R={s.Recall:F3}  {s.Method,-11} {s.Page}"));
        }

        var meanF1 = scores.Average(s => s.F1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pages={scores.Count} mean F1={meanF1:F4} precision={scores.Average(s => s.Precision):F4} recall={scores.Average(s => s.Recall):F4}"));

        Assert.Equal(130, scores.Count);
        Assert.True(meanF1 >= MinimumMeanF1, $"mean F1 {meanF1:F4} fell below {MinimumMeanF1}");
    }

    [Fact]
    public void Titles_match_Mozilla_readability_expected_metadata()
    {
        RequirePages();
        var extractor = new ArticleExtractor();
        int withTitle = 0, matched = 0;

        foreach (var dir in pages.Pages)
        {
            var expected = ExpectedTitle(dir);
            if (expected is null)
            {
                continue;
            }

            withTitle++;
            var actual = Extract(extractor, dir).Title;
            if (string.Equals(Normalise(actual), Normalise(expected), StringComparison.OrdinalIgnoreCase))
            {
                matched++;
            }
            else
            {
                output.WriteLine($"title mismatch {Path.GetFileName(dir)}: got '{actual}', expected '{expected}'");
            }
        }

        var accuracy = (double)matched / withTitle;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"titles {matched}/{withTitle} = {accuracy:F4}"));
        Assert.True(accuracy >= MinimumTitleAccuracy, $"title accuracy {accuracy:F4} fell below {MinimumTitleAccuracy}");
    }

    private static ExtractedArticle Extract(ArticleExtractor extractor, string dir)
    {
        // Bytes, not a string: the pages exercise charset handling too (qq declares gb2312 but was saved as UTF-8).
        using var source = File.OpenRead(Path.Combine(dir, "source.html"));
        return extractor.Extract(source, PageUrl);
    }

    private static string? ExpectedTitle(string dir)
    {
        var path = Path.Combine(dir, "expected-metadata.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(title.GetString())
            ? title.GetString()
            : null;
    }

    private static string Normalise(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private void RequirePages()
    {
        if (pages.Archive is null)
        {
            Assert.Skip($"{ReadabilityTestPages.ArchiveName} not found in a shared/peers folder above the test binaries");
        }
    }
}
