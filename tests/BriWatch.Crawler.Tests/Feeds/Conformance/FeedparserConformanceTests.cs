using AngleSharp.Html.Parser;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Tests.Support;
using static BriWatch.Crawler.Tests.Feeds.FeedHtmlSanitizerTests;

namespace BriWatch.Crawler.Tests.Feeds.Conformance;

/// <summary>
/// Runs the feedparser project's test documents whose <c>Expect:</c> expression maps onto our model, and reports the pass
/// rate per folder. Thresholds pin the level reached so a regression fails the build.
/// </summary>
public sealed class FeedparserConformanceTests(FeedparserCases cases, ITestOutputHelper output) : IClassFixture<FeedparserCases>
{
    // Issue 3 asks for 90% on these folders; each floor is the rate this parser reached, so any regression fails.
    private static readonly Dictionary<string, double> Floors = new()
    {
        ["rss"] = 0.91,
        ["rdf"] = 1.00,
        ["atom"] = 0.97,
        ["atom10"] = 0.93,
        ["encoding"] = 0.95,
        ["entities"] = 0.99,
        ["base"] = 0.92,
    };

    [Fact]
    public void Expressible_cases_pass_at_the_target_rate_per_category()
    {
        RequireArchive();
        var results = new Dictionary<string, (int Passed, int Total, int Skipped)>();
        var topFolders = new Dictionary<string, (int Passed, int Total)>();
        var failures = new List<string>();
        foreach (var path in CasePaths())
        {
            var @case = FeedparserCase.Load(Path.Combine(cases.Root, "tests"), path);
            if (@case.Category == "sanitize" || @case.Expect is null)
            {
                continue;
            }

            var (passed, total, skipped) = results.GetValueOrDefault(@case.Category);
            var outcome = Run(@case, path);
            var top = @case.Path.Split('/')[0];
            var (topPassed, topTotal) = topFolders.GetValueOrDefault(top);
            if (outcome is not null)
            {
                topFolders[top] = (topPassed + (outcome.Value ? 1 : 0), topTotal + 1);
            }

            switch (outcome)
            {
                case true:
                    results[@case.Category] = (passed + 1, total + 1, skipped);
                    break;
                case false:
                    results[@case.Category] = (passed, total + 1, skipped);
                    failures.Add($"{@case.Path}: {@case.Expect}");
                    break;
                case null:
                    results[@case.Category] = (passed, total, skipped + 1);
                    break;
            }
        }

        foreach (var (category, (passed, total, skipped)) in results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{category,-16} {passed,4}/{total,-4} {(total == 0 ? 0 : 100.0 * passed / total),6:F1}%  ({skipped} not expressible)");
        }

        foreach (var (folder, (passed, total)) in topFolders.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{folder + "/",-16} {passed,4}/{total,-4} {(total == 0 ? 0 : 100.0 * passed / total),6:F1}%");
        }

        foreach (var failure in failures.Where(f => Floors.Keys.Any(k => f.Contains("/" + k + "/", StringComparison.Ordinal) || f.StartsWith(k + "/", StringComparison.Ordinal))))
        {
            output.WriteLine("FAIL " + failure);
        }

        foreach (var (category, floor) in Floors)
        {
            var (passed, total, _) = results.GetValueOrDefault(category);
            Assert.True(total > 0, $"no expressible cases in {category}");
            Assert.True((double)passed / total >= floor, $"{category}: {passed}/{total} below {floor:P0}");
        }
    }

    [Fact]
    public void Every_sanitize_case_is_free_of_active_content()
    {
        RequireArchive();
        var offenders = new List<string>();
        var count = 0;
        foreach (var path in CasePaths().Where(p => p.Contains("/sanitize/", StringComparison.Ordinal)))
        {
            count++;
            ParsedFeed parsed;
            try
            {
                parsed = FeedParser.Parse(File.ReadAllBytes(path), new Uri("http://127.0.0.1:8097/"), null);
            }
            catch (FeedParseException)
            {
                continue;
            }

            var texts = new[] { parsed.Feed.Title, parsed.Feed.Subtitle }
                .Concat(parsed.Items.SelectMany(i => new[] { i.Title, i.Summary, i.Content }));
            foreach (var text in texts.OfType<string>())
            {
                if (ActiveContent.Find(text) is { } found)
                {
                    offenders.Add($"{Path.GetFileName(path)}: {found}");
                }
            }
        }

        output.WriteLine($"sanitize: {count - offenders.Select(o => o.Split(':')[0]).Distinct().Count()}/{count} free of active content");
        Assert.True(count > 0);
        Assert.Empty(offenders);
    }

    /// <summary>Cases whose only field with a '&lt;' is plain text (Atom <c>type="text"</c>, an RSS title "1 &lt; 2", line noise), not HTML.</summary>
    private static readonly HashSet<string> PlainTextWithBrackets =
    [
        "tests/wellformed/atom/entry_title_text_plain_brackets.xml",
        "tests/wellformed/atom10/entry_content_text_plain_brackets.xml",
        "tests/wellformed/atom10/entry_title_text_plain_brackets.xml",
        "tests/wellformed/rss/channel_title_lt.xml",
        "tests/encoding/bozo_linenoise.xml",
    ];

    [Fact]
    public void Every_sanitised_field_of_the_corpus_reads_back_as_the_same_html5_tree()
    {
        RequireArchive();
        var checkedFields = 0;
        var changed = new List<string>();
        foreach (var path in CasePaths())
        {
            ParsedFeed parsed;
            try
            {
                parsed = FeedParser.Parse(File.ReadAllBytes(path), new Uri("http://127.0.0.1:8097/"), null);
            }
            catch (FeedParseException)
            {
                continue;
            }

            if (PlainTextWithBrackets.Contains(Path.GetRelativePath(cases.Root, path)))
            {
                continue;
            }

            var texts = new[] { parsed.Feed.Title, parsed.Feed.Subtitle }
                .Concat(parsed.Items.SelectMany(i => new[] { i.Title, i.Summary, i.Content }));
            foreach (var text in texts.OfType<string>().Where(t => t.Contains('<', StringComparison.Ordinal)))
            {
                checkedFields++;
                if (Html5.Reserialize(text) is var reparsed && reparsed != text)
                {
                    changed.Add($"{Path.GetRelativePath(cases.Root, path)}: {text} => {reparsed}");
                }
            }
        }

        output.WriteLine($"{checkedFields} fields with markup checked");
        Assert.True(checkedFields > 500);
        Assert.Empty(changed);
    }

    private bool? Run(FeedparserCase @case, string path)
    {
        var url = new Uri(new Uri("http://127.0.0.1:8097/"), "tests/" + @case.Path);
        if (@case.ContentLocation is not null)
        {
            url = new Uri(url, @case.ContentLocation);
        }

        ParsedFeed? parsed;
        try
        {
            parsed = FeedParser.Parse(File.ReadAllBytes(path), url, @case.ContentType);
        }
        catch (FeedParseException)
        {
            parsed = null;
        }

        try
        {
            return parsed is null
                ? PythonExpect.Evaluate(@case.Expect!, name => name == "bozo" ? 1L : throw new KeyNotFoundException(name))
                : PythonExpect.Evaluate(@case.Expect!, FeedparserView.Names(parsed));
        }
        catch (UnsupportedExpectException)
        {
            return null;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }

    private IEnumerable<string> CasePaths() =>
        Directory.EnumerateFiles(Path.Combine(cases.Root, "tests"), "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".xml", StringComparison.Ordinal) || p.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private void RequireArchive()
    {
        if (!cases.Available)
        {
            Assert.Skip("feedparser-cases.tar.gz is not present in /work/shared/peers");
        }
    }
}

/// <summary>Finds markup that would run in a browser: script-like elements, event handlers, script and data URLs.</summary>
internal static class ActiveContent
{
    private static readonly HtmlParser Parser = new();

    public static string? Find(string html)
    {
        var document = Parser.ParseDocument("<body>" + html + "</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            if (element.LocalName is "script" or "iframe" or "object" or "embed" or "applet" or "frame" or "style" or "meta" or "link" or "base")
            {
                return "<" + element.LocalName + ">";
            }

            foreach (var attribute in element.Attributes)
            {
                var compact = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
                    || compact.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                    || compact.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase)
                    || compact.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
                {
                    return $"{attribute.Name}=\"{attribute.Value}\"";
                }
            }
        }

        return null;
    }
}
