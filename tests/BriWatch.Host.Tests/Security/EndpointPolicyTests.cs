using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BriWatch.Host.Tests.Support;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Identity;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Subscriptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace BriWatch.Host.Tests.Security;

/// <summary>
/// Every route the all-in-one host maps, with who may call it. A route missing from <see cref="Declared"/> (a new
/// endpoint), a route without an explicit policy or anonymous marker, or a caller getting through where they should not
/// fails here, so no endpoint ships open by accident.
/// </summary>
public sealed class EndpointPolicyTests : IAsyncLifetime
{
    private const string OwnerA = "owner-a";
    private const string OwnerB = "owner-b";

    /// <summary>"METHOD route-pattern" → who may call it.</summary>
    private static readonly Dictionary<string, EndpointAccess> Declared = new(StringComparer.Ordinal)
    {
        ["ANY /health/live"] = EndpointAccess.Public,
        ["ANY /health/ready"] = EndpointAccess.Public,
        ["ANY /metrics"] = EndpointAccess.Public,
        ["GET /"] = EndpointAccess.Public,
        ["GET /dashboard.js"] = EndpointAccess.Public,
        ["GET /dashboard.css"] = EndpointAccess.Public,
        ["GET /openapi/{documentName}.json"] = EndpointAccess.Public,
        ["GET /docs/{documentName?}"] = EndpointAccess.Public,
        ["GET /docs/scalar.js"] = EndpointAccess.Public,
        ["GET /docs/scalar.aspnetcore.js"] = EndpointAccess.Public,
        ["GET /docs/favicon.svg"] = EndpointAccess.Public,
        ["GET /feeds/{token}.atom"] = EndpointAccess.Public,
        ["GET /websub/{token}"] = EndpointAccess.Public,
        ["POST /websub/{token}"] = EndpointAccess.Public,
        ["GET /alerts/unsubscribe"] = EndpointAccess.Public,
        ["POST /alerts/unsubscribe"] = EndpointAccess.Public,
        ["POST /api/session/"] = EndpointAccess.Public,
        ["GET /api/session/"] = EndpointAccess.Account,
        ["DELETE /api/session/"] = EndpointAccess.Account,
        ["GET /api/articles/"] = EndpointAccess.Reader,
        ["GET /api/articles/{id}"] = EndpointAccess.Reader,
        ["GET /api/stories/"] = EndpointAccess.Reader,
        ["GET /api/stories/{id}"] = EndpointAccess.Reader,
        ["GET /api/taxonomy"] = EndpointAccess.Reader,
        ["GET /api/sources/"] = EndpointAccess.Admin,
        ["GET /api/sources/{id}"] = EndpointAccess.Admin,
        ["POST /api/sources/"] = EndpointAccess.Admin,
        ["PUT /api/sources/{id}"] = EndpointAccess.Admin,
        ["DELETE /api/sources/{id}"] = EndpointAccess.Admin,
        ["GET /api/subscriptions/"] = EndpointAccess.Subscriber,
        ["POST /api/subscriptions/"] = EndpointAccess.Subscriber,
        ["GET /api/subscriptions/{id}"] = EndpointAccess.Owner,
        ["PUT /api/subscriptions/{id}"] = EndpointAccess.Owner,
        ["DELETE /api/subscriptions/{id}"] = EndpointAccess.Owner,
        ["POST /api/subscriptions/{id}/feed-token"] = EndpointAccess.Owner,
        ["POST /api/subscriptions/{id}/webhook-secret"] = EndpointAccess.Owner,
        ["POST /api/subscriptions/{id}/preview"] = EndpointAccess.Owner,
        ["GET /api/deliveries/"] = EndpointAccess.Subscriber,
        ["GET /api/deliveries/{id}"] = EndpointAccess.Owner,
        ["POST /api/deliveries/{id}/replay"] = EndpointAccess.Owner,
        ["GET /api/me/keys/"] = EndpointAccess.Account,
        ["POST /api/me/keys/"] = EndpointAccess.Account,
        ["DELETE /api/me/keys/{prefix}"] = EndpointAccess.Self,
        ["GET /api/users/"] = EndpointAccess.Admin,
        ["POST /api/users/"] = EndpointAccess.Admin,
        ["GET /api/users/{ownerId}"] = EndpointAccess.Admin,
        ["PUT /api/users/{ownerId}"] = EndpointAccess.Admin,
        ["GET /api/users/{ownerId}/keys/"] = EndpointAccess.Admin,
        ["POST /api/users/{ownerId}/keys/"] = EndpointAccess.Admin,
        ["DELETE /api/keys/{prefix}"] = EndpointAccess.Admin,
        ["GET /api/audit"] = EndpointAccess.Admin,
    };

    private RunningHost host = null!;
    private HttpClient anonymous = null!;
    private HttpClient ownerA = null!;
    private HttpClient ownerB = null!;
    private HttpClient readOnlyA = null!;
    private HttpClient admin = null!;
    private string keyA = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        host = await RunningHost.StartAsync(demo: false);
        anonymous = NewClient();
        (admin, _) = await ClientAsync(RunningHost.AdminOwner, ApiKeyScopes.Read | ApiKeyScopes.Subscriptions | ApiKeyScopes.Admin);
        (ownerA, keyA) = await ClientAsync(OwnerA, ApiKeyScopes.Read | ApiKeyScopes.Subscriptions);
        (ownerB, _) = await ClientAsync(OwnerB, ApiKeyScopes.Read | ApiKeyScopes.Subscriptions);
        (readOnlyA, _) = await ClientAsync(OwnerA, ApiKeyScopes.Read);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in new[] { anonymous, ownerA, ownerB, readOnlyA, admin })
        {
            client?.Dispose();
        }

        await host.DisposeAsync();
    }

    [Fact]
    public void Every_route_is_declared_and_names_a_policy_or_allows_anonymous_callers()
    {
        var routes = Routes();
        var undeclared = routes.Keys.Where(r => !Declared.ContainsKey(r)).ToList();
        Assert.True(undeclared.Count == 0, "Routes without a declared access in this test: " + string.Join(", ", undeclared));
        var gone = Declared.Keys.Where(r => !routes.ContainsKey(r)).ToList();
        Assert.True(gone.Count == 0, "Declared routes the host no longer maps: " + string.Join(", ", gone));

        foreach (var (route, endpoint) in routes)
        {
            var anonymousAllowed = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(anonymousAllowed || policies.Any(p => !string.IsNullOrEmpty(p)), $"{route} names no policy and does not allow anonymous callers");
            Assert.Equal(Declared[route] == EndpointAccess.Public, anonymousAllowed);
        }
    }

    [Fact]
    public async Task Every_route_answers_anonymous_other_owner_owner_and_admin_callers_as_declared()
    {
        var failures = new List<string>();
        foreach (var (route, access) in Declared.OrderBy(d => d.Key.StartsWith("DELETE", StringComparison.Ordinal)))
        {
            var declaredMethod = route[..route.IndexOf(' ', StringComparison.Ordinal)];
            var method = declaredMethod == "ANY" ? "GET" : declaredMethod;
            var pattern = route[(declaredMethod.Length + 1)..];
            foreach (var (caller, client) in new[] { ("anonymous", anonymous), ("other owner", ownerB), ("owner", ownerA), ("admin", admin) })
            {
                // Each request gets objects of its own, so a DELETE or a rotation cannot change what the next one sees.
                var path = await PathForAsync(pattern);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT")
                {
                    // Signing in is public; a valid key shows nothing but the credential decides.
                    var body = pattern == "/api/session/" ? $$"""{"apiKey":"{{keyA}}"}""" : "{}";
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, Ct);
                var status = (int)response.StatusCode;
                if (Expected(access, caller) is { } problem && !problem(status))
                {
                    failures.Add($"{route} as {caller}: {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, "Unexpected answers:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task A_read_only_key_reads_articles_but_cannot_reach_subscriptions_deliveries_or_sources()
    {
        Assert.Equal(HttpStatusCode.OK, (await readOnlyA.GetAsync("/api/articles", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnlyA.GetAsync("/api/subscriptions", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnlyA.GetAsync("/api/deliveries", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnlyA.GetAsync("/api/sources", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownerA.GetAsync("/api/sources", Ct)).StatusCode);
    }

    [Fact]
    public async Task Refusals_are_problem_json_and_a_missing_key_is_challenged_as_bearer()
    {
        var refused = await anonymous.GetAsync("/api/subscriptions", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        var forbidden = await ownerA.GetAsync("/api/sources", Ct);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A check of the status <paramref name="caller"/> gets; null when any answer will do.</summary>
    private static Func<int, bool>? Expected(EndpointAccess access, string caller) => (access, caller) switch
    {
        (EndpointAccess.Public, _) => s => s is not (401 or 403),
        (_, "anonymous") => s => s == 401,
        (EndpointAccess.Admin, "admin") => s => s is not (401 or 403 or 404),
        (EndpointAccess.Admin, _) => s => s == 403,
        (EndpointAccess.Owner or EndpointAccess.Self, "other owner") => s => s == 404,
        (EndpointAccess.Self, "admin") => s => s == 404,
        (EndpointAccess.Owner, _) => s => s is not (401 or 403 or 404),
        _ => s => s is not (401 or 403),
    };

    private Dictionary<string, RouteEndpoint> Routes() =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => (Key: $"{m} {Normalise(e.RoutePattern.RawText)}", Endpoint: e)))
            .ToDictionary(x => x.Key, x => x.Endpoint, StringComparer.Ordinal);

    /// <summary>Without a cookie jar: signing in through <c>POST /api/session</c> must not turn a client into a session.</summary>
    private HttpClient NewClient() => new(new HttpClientHandler { UseCookies = false }) { BaseAddress = host.Api.BaseAddress };

    private static string Normalise(string? pattern) => "/" + (pattern ?? "").TrimStart('/');

    /// <summary>The pattern with its parameters filled by fresh objects of owner A.</summary>
    private async Task<string> PathForAsync(string pattern)
    {
        if (pattern.StartsWith("/api/subscriptions/{id}", StringComparison.Ordinal))
        {
            return pattern.Replace("{id}", (await CreateSubscriptionAsync()).Id, StringComparison.Ordinal);
        }

        if (pattern.StartsWith("/api/deliveries/{id}", StringComparison.Ordinal))
        {
            return pattern.Replace("{id}", await CreateDeliveryAsync(), StringComparison.Ordinal);
        }

        if (pattern.StartsWith("/api/sources/{id}", StringComparison.Ordinal))
        {
            return pattern.Replace("{id}", await CreateSourceAsync(), StringComparison.Ordinal);
        }

        if (pattern.StartsWith("/api/stories/{id}", StringComparison.Ordinal))
        {
            var article = await CreateArticleAsync();
            return pattern.Replace("{id}", article, StringComparison.Ordinal);
        }

        if (pattern.StartsWith("/api/articles/{id}", StringComparison.Ordinal))
        {
            return pattern.Replace("{id}", await CreateArticleAsync(), StringComparison.Ordinal);
        }

        if (pattern == "/feeds/{token}.atom")
        {
            return pattern.Replace("{token}", (await CreateSubscriptionAsync()).FeedToken, StringComparison.Ordinal);
        }

        if (pattern.Contains("{prefix}", StringComparison.Ordinal))
        {
            var (client, key) = await ClientAsync(OwnerA, ApiKeyScopes.Read);
            client.Dispose();
            return pattern.Replace("{prefix}", key[..(ApiKeys.Marker.Length + ApiKeys.PrefixRandomLength)], StringComparison.Ordinal);
        }

        return pattern.Replace("{ownerId}", OwnerA, StringComparison.Ordinal).Replace("{token}", "unknown-token", StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal).Replace("{documentName?}", "v1", StringComparison.Ordinal);
    }

    private async Task<Subscription> CreateSubscriptionAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var subscription = new Subscription
        {
            Id = "sub_" + Guid.NewGuid().ToString("N")[..16],
            Owner = OwnerA,
            Name = "Owner A's rail alerts",
            Topics = ["infrastructure_transport"],
            Webhook = new WebhookChannel("https://hooks.example.org/a", WebhookChannel.GenerateSecret()),
            FeedToken = Subscription.GenerateFeedToken(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        Assert.True(await host.Services.GetRequiredService<ISubscriptionStore>().CreateAsync(subscription, Ct));
        return subscription;
    }

    private async Task<string> CreateDeliveryAsync()
    {
        var subscription = await CreateSubscriptionAsync();
        var id = "dlv_" + Guid.NewGuid().ToString("N")[..16];
        var created = await host.Services.GetRequiredService<IDeliveryStore>().TryCreateAsync(
            new Delivery
            {
                Id = id,
                SubscriptionId = subscription.Id,
                StoryId = "story-" + id,
                ArticleId = "article-" + id,
                Channel = "webhook",
                Target = "https://hooks.example.org/a",
                Payload = "{}",
                State = DeliveryState.Failed,
                CreatedAt = DateTimeOffset.UtcNow,
            },
            Ct);
        Assert.True(created);
        return id;
    }

    private async Task<string> CreateSourceAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var id = "src-" + Guid.NewGuid().ToString("N")[..12];
        Assert.True(await host.Services.GetRequiredService<ISourceStore>().CreateAsync(
            new Source { Id = id, Name = id, Url = "https://example.org/" + id, CreatedAt = now, UpdatedAt = now, Crawl = new SourceCrawlState { NextAttemptAt = now.AddDays(1) } },
            Ct));
        return id;
    }

    private async Task<string> CreateArticleAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var id = "art-" + Guid.NewGuid().ToString("N")[..12];
        await host.Services.GetRequiredService<IArticleStore>().UpsertAsync(
            new Article { Id = id, SourceId = "src", Url = "https://example.org/" + id, Title = id, StoryId = id, DiscoveredAt = now, ClassifiedAt = now },
            Ct);
        return id;
    }

    private async Task<(HttpClient Client, string Key)> ClientAsync(string owner, ApiKeyScopes scopes)
    {
        var users = host.Services.GetRequiredService<IUserStore>();
        if (await users.GetAsync(owner, Ct) is null)
        {
            await users.CreateAsync(new User { OwnerId = owner, DisplayName = owner }, Ct);
        }

        var generated = ApiKeys.Generate();
        Assert.True(await host.Services.GetRequiredService<IApiKeyStore>().CreateAsync(
            new ApiKey { Prefix = generated.Prefix, OwnerId = owner, SecretHash = generated.SecretHash, Scopes = scopes }, Ct));
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", generated.Key);
        return (client, generated.Key);
    }
}
