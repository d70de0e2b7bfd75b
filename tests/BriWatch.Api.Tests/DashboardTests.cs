using System.Diagnostics;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Sources;

namespace BriWatch.Api.Tests;

/// <summary>The dashboard rendered by a real headless Chromium (installed by tests/run.sh) against the running API.</summary>
public sealed class DashboardTests(ApiHost host) : IClassFixture<ApiHost>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Dashboard_renders_stored_articles_in_a_real_browser()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        await host.Services.GetRequiredService<IArticleStore>().UpsertAsync(
            new Article
            {
                Id = "dash-1",
                SourceId = "xinhua-en-business",
                Url = "https://example.org/laos-railway",
                Title = "China-Laos Railway freight volume passes 50 million tonnes",
                StoryId = "dash-1",
                Relevant = true,
                Score = 0.93,
                Topics = ["bri", "infrastructure_transport"],
                Countries = ["CN", "LA"],
                Language = "en",
                DiscoveredAt = now,
                ClassifiedAt = now,
            },
            ct);

        var dom = await RenderAsync(host.Client.BaseAddress!.ToString(), ct);

        Assert.Contains("China-Laos Railway freight volume passes 50 million tonnes", dom, StringComparison.Ordinal);
        Assert.Contains("data-article=\"dash-1\"", dom, StringComparison.Ordinal);
        Assert.Contains("infrastructure_transport", dom, StringComparison.Ordinal);
        Assert.Contains("1 article(s)", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_escapes_markup_in_article_titles()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        await host.Services.GetRequiredService<ISourceStore>().CreateAsync(
            new Source { Id = "hostile", Name = "<img src=x onerror=alert(1)>", Url = "https://example.org/feed", CreatedAt = now, UpdatedAt = now },
            ct);

        var dom = await RenderAsync(host.Client.BaseAddress + "?view=sources", ct);

        Assert.DoesNotContain("<img src=\"x\"", dom, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_shows_a_source_warning_escaped()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var sources = host.Services.GetRequiredService<ISourceStore>();
        await sources.CreateAsync(new Source { Id = "recovered", Name = "Recovered feed", Url = "https://example.org/recovered", CreatedAt = now, UpdatedAt = now }, ct);
        await sources.RecordFetchSuccessAsync(
            "recovered", new FetchSuccess(now, now.AddMinutes(10), null, null, 2, "not well-formed XML at line 3, column 1: <item> not closed; kept 2 recovered items"), ct);

        var dom = await RenderAsync(host.Client.BaseAddress + "?view=sources", ct);

        Assert.Contains("ok, with a warning: not well-formed XML at line 3, column 1: &lt;item&gt; not closed; kept 2 recovered items", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_shows_a_websub_error_escaped()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        await host.Services.GetRequiredService<ISourceStore>().CreateAsync(new Source { Id = "pushed", Name = "Pushed feed", Url = "https://example.org/pushed", CreatedAt = now, UpdatedAt = now }, ct);
        var webSub = host.Services.GetRequiredService<BriWatch.Storage.WebSub.IWebSubSubscriptionStore>();
        await webSub.SaveRequestAsync(
            new BriWatch.Storage.WebSub.WebSubSubscription("pushed", "https://hub.example.org/", "https://example.org/pushed", "secret", "dashboard-token", BriWatch.Storage.WebSub.WebSubState.Pending, null, null, null, now, now),
            ct);
        await webSub.RecordProblemAsync("pushed", "push not readable: <feed> not closed; kept 1 recovered item", now, ct);

        var dom = await RenderAsync(host.Client.BaseAddress + "?view=sources", ct);

        Assert.Contains("WebSub: pending <span class=\"error\">push not readable: &lt;feed&gt; not closed; kept 1 recovered item</span>", dom, StringComparison.Ordinal);
    }

    private static async Task<string> RenderAsync(string url, CancellationToken ct)
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"{Chromium} is not installed: tests/run.sh installs it (apt-get install chromium).");
        }

        // The page renders from fetch() calls; a virtual-time budget lets them finish before the DOM is dumped.
        var profile = Directory.CreateTempSubdirectory("briwatch-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url,
                },
            };
            // The test run may move the clock with libfaketime (tests/run.sh's second pass); the browser is not under
            // test and crawls under it, so it runs on the real clock.
            start.Environment.Remove("LD_PRELOAD");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            _ = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).WaitAsync(Deadlines.Event, ct);
            return await stdout;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
