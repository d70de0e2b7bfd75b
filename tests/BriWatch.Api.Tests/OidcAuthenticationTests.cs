using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BriWatch.Storage.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BriWatch.Api.Tests;

/// <summary>
/// With <c>Auth:Oidc:Authority</c> set, bearer tokens from that provider (here a minimal one on Kestrel: discovery document
/// and signing keys) are accepted for the BriWatch user the configured claim names, and refused for anyone else.
/// </summary>
public sealed class OidcAuthenticationTests : IAsyncLifetime
{
    private const string Audience = "briwatch-api";
    private readonly RSA signingKey = RSA.Create(2048);
    private WebApplication provider = null!;
    private string issuer = null!;
    private ApiHost api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        provider = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(signingKey.ExportParameters(false)) { KeyId = "test-key" });
        provider.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = issuer + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        provider.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } }));
        await provider.StartAsync(Ct);
        issuer = provider.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        api = new ApiHost(new Dictionary<string, string?>
        {
            ["Auth:Oidc:Authority"] = issuer,
            ["Auth:Oidc:Audience"] = Audience,
            ["Auth:Oidc:OwnerClaim"] = "email",
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
        });
        await api.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await api.DisposeAsync();
        await provider.DisposeAsync();
        signingKey.Dispose();
    }

    [Fact]
    public async Task A_provider_token_for_a_known_user_reads_as_that_user_and_sees_only_their_subscriptions()
    {
        await api.Services.GetRequiredService<IUserStore>().CreateAsync(
            new User { OwnerId = "erin@example.org", DisplayName = "Erin", Role = UserRole.Subscriber }, Ct);
        using var erin = ClientWith(Token("erin@example.org", signingKey));

        var session = await erin.GetFromJsonAsync<JsonObject>("/api/session", Ct);
        Assert.Equal("erin@example.org", session!["ownerId"]!.GetValue<string>());
        Assert.Equal("subscriber", session["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await erin.GetAsync("/api/articles", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await erin.GetAsync("/api/sources", Ct)).StatusCode);
        var created = await erin.PostAsJsonAsync("/api/subscriptions", new { name = "Erin's", topics = new[] { "bri" }, webhook = new { url = "https://hooks.example.org/erin" } }, Ct);
        Assert.Equal("erin@example.org", (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tokens_of_unknown_or_disabled_users_or_signed_by_another_key_are_refused()
    {
        await api.Services.GetRequiredService<IUserStore>().CreateAsync(
            new User { OwnerId = "frank@example.org", DisplayName = "Frank", Disabled = true }, Ct);
        await api.Services.GetRequiredService<IUserStore>().CreateAsync(new User { OwnerId = "gina@example.org", DisplayName = "Gina" }, Ct);
        using var otherKey = RSA.Create(2048);

        foreach (var token in new[] { Token("nobody@example.org", signingKey), Token("frank@example.org", signingKey), Token("gina@example.org", otherKey) })
        {
            using var client = ClientWith(token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/articles", Ct)).StatusCode);
        }
    }

    private HttpClient ClientWith(string token)
    {
        var client = new HttpClient { BaseAddress = api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string Token(string email, RSA key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = Audience,
        Subject = new ClaimsIdentity([new Claim("sub", "provider-id-" + email), new Claim("email", email)]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
    });
}
