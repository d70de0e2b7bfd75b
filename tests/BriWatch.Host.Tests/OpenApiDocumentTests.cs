using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests;

/// <summary>The all-in-one host maps every service's internal routes beside the API's; the document lists none of them.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_document_of_the_all_in_one_host_lists_only_the_public_api()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await RunningHost.StartAsync(demo: true);
        using var anonymous = new HttpClient { BaseAddress = host.Api.BaseAddress };

        var document = (await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json", ct))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/subscriptions", paths);
        foreach (var internalRoute in new[] { "/health", "/metrics", "/demo", "/websub", "/alerts", "/dashboard", "/docs", "/openapi" })
        {
            Assert.DoesNotContain(paths, p => p.StartsWith(internalRoute, StringComparison.Ordinal));
        }

        Assert.DoesNotContain("/", paths);
        Assert.NotNull(document["components"]!["securitySchemes"]!["bearer"]);
    }
}
