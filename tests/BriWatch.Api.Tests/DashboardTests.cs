using BriWatch.Api.Tests.Support;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Sources;

namespace BriWatch.Api.Tests;

/// <summary>The dashboard rendered by a real headless Chromium (installed by tests/run.sh) against the running API.</summary>
public sealed class DashboardTests(ApiHost host, DashboardBrowser browser) : IClassFixture<ApiHost>, IClassFixture<DashboardBrowser>
{

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

        var dom = await RenderAsync("/", "[data-article=\"dash-1\"]", ct);

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

        var dom = await RenderAsync("/?view=sources", "[data-source=\"hostile\"]", ct);

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

        var dom = await RenderAsync("/?view=sources", "[data-source=\"recovered\"]", ct);

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

        var dom = await RenderAsync("/?view=sources", "[data-source=\"pushed\"]", ct);

        Assert.Contains("WebSub: pending <span class=\"error\">push not readable: &lt;feed&gt; not closed; kept 1 recovered item</span>", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_asks_for_a_key_and_shows_no_data_before_sign_in()
    {
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/");

        await page.WaitForSelectorAsync("#signin", new() { State = Microsoft.Playwright.WaitForSelectorState.Visible });
        Assert.True(await page.IsHiddenAsync("#app"));
        Assert.Equal(401, await page.EvaluateAsync<int>("fetch('/api/articles').then(r => r.status)"));
    }

    [Fact]
    public async Task Dashboard_refuses_a_wrong_key_with_a_message()
    {
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/");
        var key = await host.CreateKeyAsync("wrong-key-owner");
        await page.FillAsync("#api-key", key[..^1] + (key[^1] == 'a' ? 'b' : 'a'));
        await page.ClickAsync("#signin-form button");

        await page.WaitForSelectorAsync("#signin-error:has-text('not accepted')");
        Assert.True(await page.IsHiddenAsync("#app"));
    }

    [Fact]
    public async Task A_session_change_needs_the_antiforgery_token_and_the_cookie_is_http_only_and_strict()
    {
        var page = await browser.SignInAsync(host.BaseAddress, await host.CreateKeyAsync("csrf-owner"));
        const string create = """
            token => fetch('/api/subscriptions', {
              method: 'POST',
              headers: token ? { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': token } : { 'Content-Type': 'application/json' },
              body: JSON.stringify({ name: 'From the browser', topics: ['bri'], webhook: { url: 'https://hooks.example.org/browser' } }) }).then(r => r.status)
            """;

        Assert.Equal(403, await page.EvaluateAsync<int>(create, ""));
        var token = await page.EvaluateAsync<string>("fetch('/api/session').then(r => r.json()).then(s => s.antiforgeryToken)");
        Assert.Equal(201, await page.EvaluateAsync<int>(create, token));

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "briwatch.session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("", await page.EvaluateAsync<string>("document.cookie.includes('briwatch.session') ? 'visible' : ''"));
    }

    private async Task<string> RenderAsync(string path, string readySelector, CancellationToken ct)
    {
        var page = await browser.SignInAsync(host.BaseAddress, await host.CreateKeyAsync(ApiHost.AdminOwner), path);
        await page.WaitForSelectorAsync(readySelector).WaitAsync(ct);
        return await page.ContentAsync();
    }
}
