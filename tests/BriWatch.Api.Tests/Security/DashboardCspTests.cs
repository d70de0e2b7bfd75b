using System.Collections.Concurrent;
using BriWatch.Api.Tests.Support;
using Microsoft.Playwright;

namespace BriWatch.Api.Tests.Security;

/// <summary>The dashboard under its Content-Security-Policy in a real Chromium: it still works, and inline script does not run.</summary>
public sealed class DashboardCspTests(ApiHost host, DashboardBrowser browser) : IClassFixture<ApiHost>, IClassFixture<DashboardBrowser>
{
    [Fact]
    public async Task The_dashboard_signs_in_and_renders_under_its_CSP_and_an_injected_inline_script_is_blocked()
    {
        var page = await browser.NewPageAsync(host.BaseAddress);
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue(message.Text);
            }
        };

        var response = await page.GotoAsync("/");
        await page.FillAsync("#api-key", await host.CreateKeyAsync(ApiHost.AdminOwner));
        await page.ClickAsync("#signin-form button");
        await page.WaitForSelectorAsync("#app", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        await page.WaitForSelectorAsync("#who", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });

        Assert.Contains("script-src 'self'", response!.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Empty(violations);

        // What an injected <script> (or an event-handler attribute) in rendered data would try.
        var blocked = await page.EvaluateAsync<bool>("""
            () => new Promise(resolve => {
              document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective.startsWith('script-src') && window.injected === undefined), { once: true });
              const script = document.createElement('script');
              script.textContent = 'window.injected = true';
              document.body.appendChild(script);
              // An allowed inline script runs as it is appended: no violation event would ever come.
              if (window.injected) resolve(false);
            })
            """);

        Assert.True(blocked);
        Assert.True(await page.EvaluateAsync<bool>("() => window.injected === undefined"));
    }
}
