using Microsoft.Playwright;

namespace BriWatch.Api.Tests.Support;

/// <summary>Debian's Chromium (installed by tests/run.sh), driven by Playwright for .NET, with a fresh context per sign-in.</summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            return;
        }

        // The test run may move the clock with libfaketime (tests/run.sh's second pass); the browser and Playwright's
        // driver are not under test and misbehave under it, so their processes start without it.
        Environment.SetEnvironmentVariable("LD_PRELOAD", null);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic"],
            Timeout = (float)Deadlines.Event.TotalMilliseconds,
        });
    }

    /// <summary>A new page in a context of its own (no cookies), with the suite's generous deadline.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        if (browser is null)
        {
            Assert.Skip($"{Chromium} is not installed: tests/run.sh installs it (apt-get install chromium).");
        }

        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        context.SetDefaultTimeout((float)Deadlines.Event.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    /// <summary>Opens the dashboard and signs in with <paramref name="key"/> through its form.</summary>
    public async Task<IPage> SignInAsync(Uri baseAddress, string key, string path = "/")
    {
        var page = await NewPageAsync(baseAddress);
        await page.GotoAsync(path);
        await page.FillAsync("#api-key", key);
        await page.ClickAsync("#signin-form button");
        await page.WaitForSelectorAsync("#app", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
