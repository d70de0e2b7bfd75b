using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Articles;

namespace BriWatch.Api.Tests;

/// <summary><c>/api/stories</c>: one entry per real-world story, with its reports across outlets and languages.</summary>
public sealed class StoryEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_story_reported_in_three_languages_is_listed_once_with_its_outlets_languages_and_first_seen()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var t0 = DateTimeOffset.UtcNow.AddHours(-3);
        await StoreAsync($"{run}-en", $"story-{run}", "xinhua-en", "en", t0, "BYD starts production in Camaçari", amounts:
        [
            new ArticleAmount(1e9, "USD", 1e9, "investment", 0, 10, "US$1 billion"),
            new ArticleAmount(5e10, "USD", 5e10, "background", 20, 10, "US$50 billion trade"),
        ]);
        await StoreAsync($"{run}-pt", $"story-{run}", "agencia-brasil", "pt", t0.AddHours(1), "BYD inicia produção em Camaçari");
        await StoreAsync($"{run}-zh", $"story-{run}", "xinhua-zh", "zh", t0.AddHours(2), "比亚迪卡马萨里工厂投产");
        await StoreAsync($"{run}-other", $"other-{run}", "tass", "ru", t0.AddHours(1), "Другая новость");

        var list = await host.Client.GetFromJsonAsync<JsonObject>($"/api/stories?q={run}&limit=10", Ct);
        var items = list!["items"]!.AsArray();
        Assert.Equal(2, list["total"]!.GetValue<long>());
        Assert.Equal([$"story-{run}", $"other-{run}"], items.Select(i => i!["id"]!.GetValue<string>()));
        var story = items[0]!;
        Assert.Equal("BYD starts production in Camaçari " + run, story["title"]!.GetValue<string>());
        Assert.Equal(3, story["articleCount"]!.GetValue<int>());
        Assert.Equal(["en", "pt", "zh"], story["languages"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(["agencia-brasil", "xinhua-en", "xinhua-zh"], story["outlets"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(t0, story["firstSeen"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));

        var detail = await host.Client.GetFromJsonAsync<JsonObject>($"/api/stories/story-{run}", Ct);
        Assert.Equal([$"{run}-en", $"{run}-pt", $"{run}-zh"], detail!["articles"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        var deal = Assert.Single(detail["deals"]!.AsArray());
        Assert.Equal("investment", deal!["role"]!.GetValue<string>());
        Assert.Equal($"{run}-en", deal["articleId"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_story_is_a_404_and_bad_filters_are_a_400_naming_them()
    {
        var missing = await host.Client.GetAsync("/api/stories/no-such-story", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var bad = await host.Client.GetAsync("/api/stories?limit=51&minScore=2", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Contains("limit", errors.Select(e => e.Key));
        Assert.Contains("minScore", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Stories_need_the_read_scope()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("/api/stories", Ct)).StatusCode);
        var reader = await host.ClientForAsync("story-reader", scopes: BriWatch.Storage.Identity.ApiKeyScopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/stories", Ct)).StatusCode);
    }

    private Task<bool> StoreAsync(string id, string storyId, string source, string language, DateTimeOffset at, string title, IReadOnlyList<ArticleAmount>? amounts = null) =>
        host.Services.GetRequiredService<IArticleStore>().UpsertAsync(
            new Article
            {
                Id = id,
                SourceId = source,
                Url = $"https://example.org/{id}",
                Title = title + " " + id[..8],
                StoryId = storyId,
                Language = language,
                Relevant = true,
                Score = 0.9,
                DiscoveredAt = at,
                ClassifiedAt = at,
                Amounts = amounts ?? [],
            },
            Ct);
}
