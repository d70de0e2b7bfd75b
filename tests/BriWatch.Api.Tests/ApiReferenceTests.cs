using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BriWatch.Api.Tests;

/// <summary>The OpenAPI document and the interactive reference at /docs, as an anonymous caller finds them.</summary>
public sealed partial class ApiReferenceTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Document_declares_the_bearer_scheme_and_requires_it_of_non_anonymous_operations()
    {
        var document = (await host.Anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json", Ct))!;

        var scheme = document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        var search = document["paths"]!["/api/articles"]!["get"]!;
        Assert.Contains(search["security"]!.AsArray(), r => r!.AsObject().ContainsKey("bearer"));
        var feed = document["paths"]!["/feeds/{token}.atom"]!["get"]!;
        Assert.Null(feed["security"]);
        Assert.NotNull(document["paths"]!["/api/taxonomy"]);
    }

    [Fact]
    public async Task Document_lists_no_internal_route()
    {
        var document = (await host.Anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json", Ct))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.True(p.StartsWith("/api/", StringComparison.Ordinal) || p.StartsWith("/feeds/", StringComparison.Ordinal), $"internal route {p} is in the document"));
        Assert.DoesNotContain(paths, p => p.StartsWith("/docs", StringComparison.Ordinal) || p.StartsWith("/openapi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Docs_serve_the_reference_and_its_script_from_the_app_with_no_external_asset()
    {
        // "/docs" (as the README links it) redirects to "/docs/", whose relative asset paths resolve under it.
        var page = await host.Anonymous.GetAsync("/docs", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/docs/", page.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await page.Content.ReadAsStringAsync(Ct);

        // Offline use: every script and stylesheet comes from this app, and no font or CDN host is named.
        var assets = Asset().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.All(assets, a => Assert.False(Uri.TryCreate(a, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http", StringComparison.Ordinal), $"external asset {a}"));
        // The page's configuration: the document by a path on this app, Scalar's CDN fonts and telemetry off.
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"preferredSecurityScheme\":[\"bearer\"]", html, StringComparison.Ordinal);
        foreach (var asset in assets)
        {
            var response = await host.Anonymous.GetAsync(new Uri(page.RequestMessage!.RequestUri!, asset), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("""<(?:script|link)[^>]+(?:src|href)="(?<url>[^"]+)""")]
    private static partial Regex Asset();
}
