using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests;

/// <summary>Page object for the workbench shell: app bar, navigation drawer and the page's h1.</summary>
public sealed class WorkbenchPage(IPage page)
{
    public ILocator Heading => page.Locator("h1");

    public ILocator Drawer => page.Locator(".mud-drawer");

    public ILocator EmptyState => page.GetByTestId("empty-state");

    public async Task OpenAsync(Uri address)
    {
        await page.GotoAsync(address.ToString());
        await Expect(Heading).ToHaveTextAsync("Home");
    }

    /// <summary>
    /// Clicks the menu button until the drawer changes state. Clicks before the SignalR circuit is connected do nothing
    /// (the page is prerendered HTML until then), so the first change proves the circuit handles events.
    /// </summary>
    public async Task ToggleDrawerAsync(string expectedClass, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await page.GetByTestId("drawer-toggle").ClickAsync();
            try
            {
                await Expect(Drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(expectedClass), new() { Timeout = 500 });
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>
    /// Opens the MudSelect <paramref name="testId"/> and picks <paramref name="item"/>; retried because clicks do nothing
    /// until the circuit is connected. <paramref name="expectChange"/> false: the server may refuse the choice.
    /// </summary>
    public static async Task ChooseAsync(IPage page, string testId, string item, bool expectChange = true)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            await page.GetByTestId(testId).ClickAsync();
            var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item });
            try
            {
                await option.First.ClickAsync(new() { Timeout = 1000 });
                if (expectChange)
                    await Expect(page.GetByTestId(testId)).ToContainTextAsync(item, new() { Timeout = 2000 });
                return;
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException && DateTime.UtcNow < deadline)
            {
            }
        }
    }

    public Task NavigateAsync(string linkText) => page.Locator(".mud-nav-link", new() { HasText = linkText }).ClickAsync();
}
