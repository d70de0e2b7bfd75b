using System.Diagnostics;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Tests.Support;

namespace BriWatch.Crawler.Tests.Feeds.Conformance;

/// <summary>The W3C feed validator's test feeds, valid and invalid: each must parse or be rejected cleanly, never crash or hang.</summary>
public sealed class FeedValidatorCorpusTests(FeedValidatorCases cases, ITestOutputHelper output) : IClassFixture<FeedValidatorCases>
{
    [Fact]
    public void Every_document_parses_or_fails_cleanly_without_hanging()
    {
        if (!cases.Available)
        {
            Assert.Skip("feedvalidator-testcases.tar.gz is not present in /work/shared/peers");
        }

        int parsed = 0, notWellFormed = 0, rejected = 0;
        var crashes = new List<string>();
        var slowest = (Path: string.Empty, Elapsed: TimeSpan.Zero);
        foreach (var path in Directory.EnumerateFiles(cases.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var feed = FeedParser.Parse(File.ReadAllBytes(path), new Uri("http://validator.example.org/testcases/"), null);
                parsed++;
                notWellFormed += feed.WellFormed ? 0 : 1;
            }
            catch (FeedParseException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                crashes.Add($"{Path.GetRelativePath(cases.Root, path)}: {ex.GetType().Name}: {ex.Message}");
            }

            if (watch.Elapsed > slowest.Elapsed)
            {
                slowest = (Path.GetRelativePath(cases.Root, path), watch.Elapsed);
            }
        }

        output.WriteLine($"parsed {parsed} (of which {notWellFormed} not well-formed), rejected {rejected}, crashed {crashes.Count}; slowest {slowest.Path}");
        crashes.ForEach(output.WriteLine);
        Assert.True(parsed > 1000, $"only {parsed} documents parsed");
        Assert.Empty(crashes);
        // Not a timing test: a generous bound that only a hang or runaway expansion would reach.
        Assert.True(slowest.Elapsed < TimeSpan.FromSeconds(10), $"{slowest.Path} took {slowest.Elapsed}");
    }
}
