using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Sources;
using BriWatch.Storage.WebSub;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Api.Tests;

public sealed class SourceEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private HttpClient Client => host.Client;

    [Fact]
    public async Task Creates_reads_updates_and_deletes_a_source()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await Client.PostAsJsonAsync("/api/sources", new { name = "TASS English", url = "https://tass.com/rss/v2.xml", kind = "rss", language = "en", country = "RU" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        Assert.Equal("tass-english", source["id"]!.GetValue<string>());
        Assert.Equal("/api/sources/tass-english", created.Headers.Location!.ToString());
        Assert.Equal("rss", source["kind"]!.GetValue<string>());

        var updated = await Client.PutAsJsonAsync("/api/sources/tass-english", new { name = "TASS (EN)", url = "https://tass.com/rss/v2.xml", kind = "rss", enabled = false }, ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var read = await Client.GetFromJsonAsync<JsonObject>("/api/sources/tass-english", ct);
        Assert.Equal("TASS (EN)", read!["name"]!.GetValue<string>());
        Assert.False(read["enabled"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync("/api/sources/tass-english", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/sources/tass-english", ct)).StatusCode);
    }

    [Fact]
    public async Task Shows_whether_the_crawler_marked_a_source_stale()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await Client.PostAsJsonAsync("/api/sources", new { id = "silent-ministry", name = "Silent ministry", url = "https://example.org/news.xml", kind = "rss" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var fresh = await Client.GetFromJsonAsync<JsonObject>("/api/sources/silent-ministry", ct);

        Assert.True(await host.Services.GetRequiredService<ISourceStore>().MarkStaleAsync("silent-ministry", true, null, ct));
        var stale = await Client.GetFromJsonAsync<JsonObject>("/api/sources/silent-ministry", ct);

        Assert.False(fresh!["crawl"]!["stale"]!.GetValue<bool>());
        Assert.True(stale!["crawl"]!["stale"]!.GetValue<bool>());
        Assert.Null(stale["crawl"]!["lastNewItemAt"]);
    }

    [Fact]
    public async Task Shows_the_warning_of_a_poll_that_recovered_bad_input_until_a_clean_poll_clears_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await Client.PostAsJsonAsync("/api/sources", new { id = "sloppy-ministry", name = "Sloppy ministry", url = "https://example.org/sloppy.xml", kind = "rss" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var store = host.Services.GetRequiredService<ISourceStore>();
        var now = DateTimeOffset.UtcNow;
        const string warning = "not well-formed XML at line 12, column 5: Unexpected end of file; kept 3 recovered items";

        await store.RecordFetchSuccessAsync("sloppy-ministry", new FetchSuccess(now, now.AddMinutes(10), null, null, 3, warning), ct);
        var warned = await Client.GetFromJsonAsync<JsonObject>("/api/sources/sloppy-ministry", ct);
        await store.RecordFetchSuccessAsync("sloppy-ministry", new FetchSuccess(now.AddMinutes(10), now.AddMinutes(20), null, null, 0, null), ct);
        var clean = await Client.GetFromJsonAsync<JsonObject>("/api/sources/sloppy-ministry", ct);

        Assert.Equal(warning, warned!["crawl"]!["lastWarning"]!.GetValue<string>());
        Assert.Null(warned["crawl"]!["lastError"]);
        Assert.Null(clean!["crawl"]!["lastWarning"]);
        Assert.Null(Assert.Single((await Client.GetFromJsonAsync<JsonArray>("/api/sources", ct))!, s => s!["id"]!.GetValue<string>() == "sloppy-ministry")!["crawl"]!["lastWarning"]);
    }

    [Fact]
    public async Task Shows_the_websub_subscription_and_its_last_error_without_its_secret()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/sources", new { id = "pushed-ministry", name = "Pushed ministry", url = "https://example.org/pushed.xml", kind = "rss" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/sources", new { id = "polled-ministry", name = "Polled ministry", url = "https://example.org/polled.xml", kind = "rss" }, ct)).StatusCode);
        var store = host.Services.GetRequiredService<IWebSubSubscriptionStore>();
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        await store.SaveRequestAsync(
            new WebSubSubscription("pushed-ministry", "https://hub.example.org/", "https://example.org/pushed.xml", "s3cret-value", "callback-token-1", WebSubState.Pending, null, null, null, at, at), ct);
        await store.ActivateAsync("callback-token-1", at.AddDays(7), at.AddDays(6), at, ct);
        await store.RecordProblemAsync("pushed-ministry", "push rejected: bad signature: X-Hub-Signature does not match the body (sha256)", at.AddHours(1), ct);

        var response = await Client.GetAsync("/api/sources/pushed-ministry", ct);
        var one = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        var list = (await Client.GetFromJsonAsync<JsonArray>("/api/sources", ct))!;

        var webSub = one["webSub"]!.AsObject();
        Assert.Equal("pushed-ministry", one["id"]!.GetValue<string>());
        Assert.NotNull(one["crawl"]);
        Assert.Equal("https://hub.example.org/", webSub["hub"]!.GetValue<string>());
        Assert.Equal("https://example.org/pushed.xml", webSub["topic"]!.GetValue<string>());
        Assert.Equal("active", webSub["state"]!.GetValue<string>());
        Assert.Equal(at.AddDays(7), webSub["leaseExpiresAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(at.AddDays(6), webSub["renewAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(webSub["deniedReason"]);
        Assert.Equal("push rejected: bad signature: X-Hub-Signature does not match the body (sha256)", webSub["lastError"]!.GetValue<string>());
        Assert.Equal(at.AddHours(1), webSub["lastErrorAt"]!.GetValue<DateTimeOffset>());
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain("s3cret-value", body, StringComparison.Ordinal);
        Assert.DoesNotContain("callback-token-1", body, StringComparison.Ordinal);
        Assert.Equal(
            webSub.ToJsonString(),
            Assert.Single(list, s => s!["id"]!.GetValue<string>() == "pushed-ministry")!["webSub"]!.ToJsonString());
        var polled = Assert.Single(list, s => s!["id"]!.GetValue<string>() == "polled-ministry")!.AsObject();
        Assert.True(polled.ContainsKey("webSub"));
        Assert.Null(polled["webSub"]);
    }

    [Fact]
    public async Task Invalid_source_is_a_400_problem_naming_each_bad_field()
    {
        var response = await Client.PostAsJsonAsync(
            "/api/sources",
            new { id = "Bad Id!", name = "", url = "ftp://example.org/feed", country = "Brazil", pollInterval = "00:00:01" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["errors"]!.AsObject();
        Assert.Equal(["country", "id", "name", "pollInterval", "url"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await Client.PostAsync("/api/sources", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Duplicate_id_is_a_409_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = new { id = "ndb-news", name = "NDB", url = "https://www.ndb.int/feed/" };
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/sources", body, ct)).StatusCode);

        var second = await Client.PostAsJsonAsync("/api/sources", body, ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Unknown_source_is_a_404_problem()
    {
        var response = await Client.GetAsync("/api/sources/nope", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
