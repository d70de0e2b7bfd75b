using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Articles;

namespace BriWatch.Api.Tests;

public sealed class ArticleEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private HttpClient Client => host.Client;

    [Fact]
    public async Task Filters_articles_by_topic_country_and_relevance()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = host.Services.GetRequiredService<IArticleStore>();
        var now = DateTimeOffset.UtcNow;
        await store.UpsertAsync(Article("a-byd", "BYD plant in Brazil", relevant: true, ["energy_new", "manufacturing"], ["CN", "BR"], now), ct);
        await store.UpsertAsync(Article("a-ndb", "NDB loan to Transnet", relevant: true, ["finance_investment", "brics"], ["ZA"], now.AddMinutes(1)), ct);
        await store.UpsertAsync(Article("a-film", "BRICS film festival", relevant: false, ["policy_diplomacy"], ["RU"], now.AddMinutes(2)), ct);

        var brazil = await Client.GetFromJsonAsync<JsonObject>("/api/articles?country=BR", ct);
        Assert.Equal(["a-byd"], brazil!["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));

        var relevant = await Client.GetFromJsonAsync<JsonObject>("/api/articles?relevant=true", ct);
        Assert.Equal(["a-ndb", "a-byd"], relevant!["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        Assert.Equal(2, relevant["total"]!.GetValue<int>());

        var finance = await Client.GetFromJsonAsync<JsonObject>("/api/articles?topic=finance_investment", ct);
        Assert.Equal("a-ndb", Assert.Single(finance!["items"]!.AsArray())!["id"]!.GetValue<string>());

        var article = await Client.GetFromJsonAsync<JsonObject>("/api/articles/a-byd", ct);
        Assert.Equal("BYD plant in Brazil", article!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Article_response_lists_every_amount_with_its_role_and_evidence()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = host.Services.GetRequiredService<IArticleStore>();
        var article = Article("a-amounts", "NDB lends $1.2 billion", relevant: false, [], [], DateTimeOffset.UtcNow) with
        {
            AmountUsd = 1.2e9,
            Amounts = [new ArticleAmount(1.2e9, "USD", 1.2e9, "loan", 10, 12, "$1.2 billion"), new ArticleAmount(50e9, "USD", 50e9, "background", 60, 11, "$50 billion")],
        };
        await store.UpsertAsync(article, ct);

        var json = await Client.GetFromJsonAsync<JsonObject>("/api/articles/a-amounts", ct);
        var listed = await Client.GetFromJsonAsync<JsonObject>("/api/articles?story=" + article.StoryId, ct);

        var amounts = json!["amounts"]!.AsArray();
        Assert.Equal(["loan", "background"], amounts.Select(a => a!["role"]!.GetValue<string>()));
        Assert.Equal("$1.2 billion", amounts[0]!["evidence"]!.GetValue<string>());
        Assert.Equal("USD", amounts[0]!["currency"]!.GetValue<string>());
        Assert.Equal(1.2e9, json["amountUsd"]!.GetValue<double>());
        Assert.Equal(2, listed!["items"]![0]!["amounts"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=100000")]
    [InlineData("minScore=2")]
    [InlineData("country=brazil")]
    [InlineData("relevant=maybe")]
    public async Task Bad_query_parameters_are_400_problems(string query)
    {
        var response = await Client.GetAsync("/api/articles?" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Unknown_article_is_a_404_problem()
    {
        var response = await Client.GetAsync("/api/articles/nope", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenAPI_document_describes_every_endpoint()
    {
        var document = await Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToHashSet();

        foreach (var path in new[] { "/api/articles", "/api/articles/{id}", "/api/sources", "/api/sources/{id}", "/api/subscriptions", "/api/subscriptions/{id}", "/api/deliveries", "/api/deliveries/{id}/replay", "/api/subscriptions/{id}/preview" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/ready", ct)).StatusCode);
    }

    private static Article Article(string id, string title, bool relevant, string[] topics, string[] countries, DateTimeOffset discovered) => new()
    {
        Id = id,
        SourceId = "test",
        Url = $"https://example.org/{id}",
        Title = title,
        Text = title,
        StoryId = id,
        Relevant = relevant,
        Score = relevant ? 0.9 : 0.1,
        Topics = topics,
        Countries = countries,
        DiscoveredAt = discovered,
        ClassifiedAt = discovered,
    };
}
