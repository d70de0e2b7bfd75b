using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Api.Tests;

/// <summary>
/// Requests that used to be stored and then break alerting for everyone, crash the process, or fail with a bare 400:
/// each is now refused with a problem that names the field and the problem.
/// </summary>
public sealed class SubscriptionRequestSafetyTests(ApiHost host) : IClassFixture<ApiHost>
{
    private const string Valid = "\"owner\":\"x\",\"name\":\"n\",\"webhook\":{\"url\":\"https://hooks.example.org/x\"}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => host.Client;

    [Fact]
    public async Task A_query_of_10000_NOTs_is_a_400_naming_the_length_limit_and_the_service_keeps_running()
    {
        // 40 KB, within the 64 KB body limit (a larger body is a 413 before it is read).
        var query = string.Concat(Enumerable.Repeat("NOT ", 10_000)) + "x";

        var problem = await PostProblemAsync(new { owner = "x", name = "n", query, webhook = new { url = "https://hooks.example.org/x" } });

        Assert.Contains("limit is 2,000", problem["errors"]!["query"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/subscriptions", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_maximum_length_query_is_accepted_and_previews()
    {
        var query = "solar" + string.Concat(Enumerable.Repeat(" AND NOT w1 OR park", 200))[..(2_000 - 5)];

        var created = await Client.PostAsJsonAsync("/api/subscriptions", new { owner = "x", name = "n", query, webhook = new { url = "https://hooks.example.org/x" } }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/subscriptions/{id}/preview", null, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("\"countries\":[null]", "countries", "countries[0] is null or blank")]
    [InlineData("\"countries\":[\"BR\",\" \"]", "countries", "countries[1] is null or blank")]
    [InlineData("\"topics\":[null]", "topics", "topics[0] is null or blank")]
    [InlineData("\"topics\":[\"\"]", "topics", "topics[0] is null or blank")]
    public async Task Null_or_blank_topics_and_countries_are_400s(string json, string field, string message)
    {
        var problem = await PostRawProblemAsync($"{{{Valid},{json}}}");

        Assert.Contains(message, problem["errors"]![field]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"mode\":42", "mode", "one of instant, digestHourly, digestDaily, digestWeekly")]
    [InlineData("\"mode\":\"0\"", "mode", "one of instant")]
    [InlineData("\"mode\":\"monthly\"", "mode", "one of instant")]
    [InlineData("\"minScore\":\"NaN\"", "minScore", "a number (a JSON number, not a string)")]
    [InlineData("\"minScore\":\"Infinity\"", "minScore", "a number")]
    [InlineData("\"minScore\":\"0.5\"", "minScore", "a number")]
    [InlineData("\"owner\":1", "owner", "a string")]
    [InlineData("\"dailyCap\":99999999999", "dailyCap", "a whole number between")]
    [InlineData("\"topics\":\"energy_new\"", "topics", "an array")]
    [InlineData("\"topics\":[1]", "topics[0]", "a string")]
    [InlineData("\"webhook\":{\"url\":7}", "webhook.url", "a string")]
    public async Task Values_of_the_wrong_type_or_out_of_range_are_400s_naming_the_field_and_what_it_takes(string json, string field, string expected)
    {
        // The field set last wins, so the bad value replaces the valid one.
        var problem = await PostRawProblemAsync($"{{{Valid},{json}}}");

        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.StartsWith($"{field}: the value is not {expected}", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task An_article_page_size_beyond_int_is_a_400_naming_the_parameter_as_the_query_spells_it()
    {
        var problem = await ProblemAsync(await Client.GetAsync("/api/articles?limit=99999999999", Ct));

        Assert.StartsWith("limit: '99999999999' is not a whole number", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_stored_for_a_numeric_mode()
    {
        await PostRawProblemAsync($"{{{Valid},\"owner\":\"numeric-mode\",\"mode\":42}}");

        Assert.Empty((await Client.GetFromJsonAsync<JsonArray>("/api/subscriptions?owner=numeric-mode", Ct))!);
    }

    [Theory]
    [InlineData("{\"owner\":", "not valid JSON")]
    [InlineData("{\"owner\":\"x\",}", "not valid JSON")]
    [InlineData("not json", "not valid JSON")]
    public async Task Malformed_json_is_a_400_saying_so_with_the_position(string body, string message)
    {
        var problem = await PostRawProblemAsync(body);

        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains(message, detail, StringComparison.Ordinal);
        Assert.Contains("line 1", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=abc", "'abc'")]
    [InlineData("limit=99999999999", "'99999999999'")]
    public async Task Unparseable_query_parameters_are_400s_naming_the_parameter(string query, string value)
    {
        var response = await Client.GetAsync("/api/deliveries?" + query, Ct);

        var problem = await ProblemAsync(response);
        var detail = problem["detail"]!.GetValue<string>();
        Assert.StartsWith("limit:", detail, StringComparison.Ordinal);
        Assert.Contains(value, detail, StringComparison.Ordinal);
        Assert.Contains("whole number", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_limit_that_is_not_a_number_is_a_400_naming_it()
    {
        var problem = await ProblemAsync(await Client.PostAsync("/api/subscriptions/any/preview?limit=abc", null, Ct));

        Assert.StartsWith("limit:", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00:ec2::254]/hook")]
    [InlineData("http://[::ffff:192.168.0.1]/hook")]
    [InlineData("http://2130706433/hook")]
    [InlineData("http://[2002:a9fe:a9fe::]/latest/meta-data")]
    public async Task Webhook_urls_naming_a_non_public_address_are_400s(string url)
    {
        var problem = await PostProblemAsync(new { owner = "x", name = "n", webhook = new { url } });

        Assert.Contains("non-public address", problem["errors"]!["webhook.url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_urls_naming_a_private_address_are_accepted_where_private_networks_are_allowed()
    {
        await using var permissive = new ApiHost(new Dictionary<string, string?> { ["Alerting:AllowPrivateNetworks"] = "true" });
        await permissive.InitializeAsync();

        var response = await permissive.Client.PostAsJsonAsync("/api/subscriptions", new { owner = "x", name = "n", webhook = new { url = "http://127.0.0.1:9/hook" } }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task An_update_keeps_a_webhook_disabled_after_a_410_until_its_url_changes()
    {
        var created = await Client.PostAsJsonAsync("/api/subscriptions", new { owner = "gone", name = "n", webhook = new { url = "https://hooks.example.org/gone" } }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
        var store = host.Services.GetRequiredService<ISubscriptionStore>();
        var stored = (await store.GetAsync(id, Ct))!;
        await store.UpdateAsync(stored with { Webhook = stored.Webhook! with { Disabled = true } }, Ct);

        var renamed = await Client.PutAsJsonAsync($"/api/subscriptions/{id}", new { owner = "gone", name = "renamed", webhook = new { url = "https://hooks.example.org/gone" } }, Ct);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.True((await store.GetAsync(id, Ct))!.Webhook!.Disabled);
        Assert.True((await renamed.Content.ReadFromJsonAsync<JsonObject>(Ct))!["webhook"]!["disabled"]!.GetValue<bool>());

        var moved = await Client.PutAsJsonAsync($"/api/subscriptions/{id}", new { owner = "gone", name = "renamed", webhook = new { url = "https://hooks.example.org/new" } }, Ct);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var webhook = (await store.GetAsync(id, Ct))!.Webhook!;
        Assert.False(webhook.Disabled);
        Assert.Equal(stored.Webhook!.Secret, webhook.Secret);
    }

    private async Task<JsonObject> PostProblemAsync(object body) =>
        await ProblemAsync(await Client.PostAsJsonAsync("/api/subscriptions", body, Ct));

    private async Task<JsonObject> PostRawProblemAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await ProblemAsync(await Client.PostAsync("/api/subscriptions", content, Ct));
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }
}
