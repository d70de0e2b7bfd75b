using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BriWatch.Storage.Identity;

namespace BriWatch.Api.Tests;

/// <summary>What the API says about queries and request bodies it cannot take as meant, and the vocabulary it offers.</summary>
public sealed class QueryContractTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("topic:evs", "'evs' is not a topic; did you mean energy_new?", "Valid topics: brics, bri, manufacturing")]
    [InlineData("country:BR AND stage:signed_mou", "'signed_mou' is not a stage; did you mean signed or mou?", "Valid stages: announced, mou, signed")]
    public async Task Unknown_query_values_are_a_400_problem_listing_the_valid_ones_with_a_suggestion(string query, string message, string listed)
    {
        var response = await host.Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "x", name = "typo", query, webhook = new { url = "https://hooks.example.org/x" } },
            Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["query"]![0]!.GetValue<string>();
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains(listed, error, StringComparison.Ordinal);
        Assert.Contains("position", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lower_case_operators_and_quoted_words_are_accepted()
    {
        var response = await host.Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "x", name = "lower case", query = "topic:energy_new and (wind or \"or\") and not topic:trade", webhook = new { url = "https://hooks.example.org/x" } },
            Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_topics_in_the_topics_list_get_a_suggestion()
    {
        var response = await host.Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "x", name = "typo", topics = new[] { "energy-new" }, webhook = new { url = "https://hooks.example.org/x" } },
            Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["topics"]![0]!.GetValue<string>();
        Assert.Contains("did you mean energy_new?", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_search_by_an_unknown_topic_is_a_400_with_a_suggestion_rather_than_an_empty_list()
    {
        var response = await host.Client.GetAsync("/api/articles?topic=finance", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["topic"]![0]!.GetValue<string>();
        Assert.Contains("'finance' is not a topic; did you mean finance_investment?", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_property_is_a_400_problem_naming_it_and_the_one_meant()
    {
        using var body = new StringContent(
            """{"owner":"x","name":"EVs","topic":["energy_new"],"webhook":{"url":"https://hooks.example.org/x"}}""",
            Encoding.UTF8,
            "application/json");

        var response = await host.Client.PostAsync("/api/subscriptions", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var error = problem["errors"]!["topic"]![0]!.GetValue<string>();
        Assert.Contains("'topic' is not a known property. Did you mean topics?", error, StringComparison.Ordinal);
        Assert.Contains("topic", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_nested_property_is_named_by_its_path()
    {
        using var body = new StringContent(
            """{"owner":"x","name":"EVs","webhook":{"url":"https://hooks.example.org/x","fromat":"slack"}}""",
            Encoding.UTF8,
            "application/json");

        var response = await host.Client.PostAsync("/api/subscriptions", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Contains("Did you mean format?", errors["webhook.fromat"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Taxonomy_lists_topics_countries_stages_and_query_fields_with_descriptions_to_readers()
    {
        using var reader = await host.ClientForAsync("taxonomy-reader", UserRole.Subscriber, ApiKeyScopes.Read);

        var taxonomy = (await reader.GetFromJsonAsync<JsonObject>("/api/taxonomy", Ct))!;

        Assert.Equal(13, taxonomy["topics"]!.AsArray().Count);
        Assert.Contains(taxonomy["topics"]!.AsArray(), t => t!["id"]!.GetValue<string>() == "energy_new" && t["description"]!.GetValue<string>().Length > 0);
        Assert.Contains(taxonomy["countries"]!.AsArray(), c => c!["code"]!.GetValue<string>() == "CN" && c["name"]!.GetValue<string>() == "China" && c["brics"]!.GetValue<string>() == "member");
        Assert.Contains(taxonomy["stages"]!.AsArray(), s => s!["id"]!.GetValue<string>() == "under_construction");
        Assert.Contains(taxonomy["queryFields"]!.AsArray(), f => f!["id"]!.GetValue<string>() == "amount_usd");
        Assert.NotEmpty(taxonomy["queryRules"]!.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("/api/taxonomy", Ct)).StatusCode);
    }
}
