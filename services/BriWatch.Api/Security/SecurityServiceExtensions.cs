using System.Net;
using System.Security.Claims;
using BriWatch.Api.Security.Limits;
using BriWatch.Storage.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace BriWatch.Api.Security;

/// <summary>
/// Who is calling: an API key (<c>Authorization: Bearer bw_…</c>), an OIDC bearer token when configured, or a dashboard
/// session cookie opened with a key. One default scheme picks between them per request.
/// </summary>
public static class SecurityServiceExtensions
{
    public const string DefaultScheme = "BriWatch";
    public const string SessionScheme = "Session";
    public const string OidcScheme = "Oidc";
    public const string SessionCookie = "briwatch.session";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    public static IHostApplicationBuilder AddApiSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(o => o.Problem() is null, "Invalid Auth settings")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        builder.Services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "API key, OIDC token or dashboard session", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(SessionScheme)
            .AddJwtBearer(OidcScheme);
        builder.Services.AddOptions<CookieAuthenticationOptions>(SessionScheme).Configure<IOptions<AuthOptions>>(ConfigureSession);
        builder.Services.AddOptions<JwtBearerOptions>(OidcScheme).Configure<IOptions<AuthOptions>>(ConfigureOidc);
        builder.Services.AddAuthorization(ApiPolicies.Register);
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "briwatch.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }

    /// <summary>Authentication, authorization, and the antiforgery check on state-changing requests made with the session cookie.</summary>
    public static WebApplication UseApiSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimits();
        app.UseAuthorization();
        app.UseMiddleware<SessionAntiforgeryMiddleware>();
        return app;
    }

    private static string SelectScheme(HttpContext context)
    {
        if (BearerToken.From(context.Request) is not { } token)
        {
            return SessionScheme;
        }

        var oidc = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Oidc;
        return oidc.Enabled && !BearerToken.IsApiKey(token) ? OidcScheme : ApiKeyAuthenticationHandler.SchemeName;
    }

    private static void ConfigureSession(CookieAuthenticationOptions options, IOptions<AuthOptions> auth)
    {
        options.Cookie.Name = SessionCookie;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = auth.Value.SessionLifetime;
        options.SlidingExpiration = true;
        options.Events = new CookieAuthenticationEvents
        {
            // An API answers 401/403 itself rather than redirecting to a login page.
            OnRedirectToLogin = c => AuthenticationProblems.WriteAsync(c.HttpContext, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = c => AuthenticationProblems.WriteAsync(c.HttpContext, StatusCodes.Status403Forbidden),
            OnSigningIn = c =>
            {
                // Secure everywhere but loopback, where the all-in-one host serves plain HTTP to its own browser.
                c.CookieOptions.Secure = c.Request.IsHttps || !IsLoopback(c.HttpContext);
                return Task.CompletedTask;
            },
            OnValidatePrincipal = ValidateSessionAsync,
        };
    }

    /// <summary>A session ends as soon as its key is revoked or expires, or its user is disabled or changes role.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var principal = context.Principal!;
        var prefix = principal.FindFirstValue(IdentityClaims.KeyPrefix);
        var owner = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var key = prefix is null ? null : await services.GetRequiredService<IApiKeyStore>().GetAsync(prefix, context.HttpContext.RequestAborted);
        var user = owner is null ? null : await services.GetRequiredService<IUserStore>().GetAsync(owner, context.HttpContext.RequestAborted);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var valid = key is not null && ApiKeys.Standing(key, user, now) == ApiKeyVerdict.Valid
            && principal.IsInRole(IdentityClaims.RoleName(user!.Role));
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SessionScheme);
        }
    }

    private static void ConfigureOidc(JwtBearerOptions options, IOptions<AuthOptions> auth)
    {
        var oidc = auth.Value.Oidc;
        if (!oidc.Enabled)
        {
            return;
        }

        options.Authority = oidc.Authority;
        options.Audience = oidc.Audience;
        options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        options.MapInboundClaims = false;
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = c => OidcUsers.MapAsync(c, oidc.OwnerClaim),
            OnChallenge = c =>
            {
                c.HandleResponse();
                return AuthenticationProblems.WriteAsync(c.HttpContext, StatusCodes.Status401Unauthorized);
            },
            OnForbidden = c => AuthenticationProblems.WriteAsync(c.HttpContext, StatusCodes.Status403Forbidden),
        };
    }

    internal static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    private sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
