using Microsoft.Playwright;

namespace SdSeg.Browser.Tests;

/// <summary>One workbench server and one Chromium shared by the tests of a class.</summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public WorkbenchServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright playwright = null!;

    public async Task InitializeAsync()
    {
        // Never let Playwright fetch a browser: there is no internet, and the system Chromium is the one under test.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Server = new WorkbenchServer();
        playwright = await Playwright.CreateAsync();
        Browser = await SystemChromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        playwright?.Dispose();
        Server?.Dispose();
    }
}
