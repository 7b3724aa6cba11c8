using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Trial;

/// <summary>
/// User actions on MudBlazor pages. A freshly loaded page is prerendered HTML until its SignalR circuit connects, and clicks before
/// then do nothing, so each action is retried until its effect shows.
/// </summary>
public static class Ui
{
    private static readonly TimeSpan CircuitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Opens a MudSelect and picks the item whose text matches; returns what the select then shows.</summary>
    public static async Task<string> ChooseAsync(IPage page, string testId, Regex item)
    {
        var deadline = DateTime.UtcNow + CircuitTimeout;
        while (true)
        {
            await page.GetByTestId(testId).ClickAsync();
            var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = item });
            try
            {
                await option.First.ClickAsync(new() { Timeout = 1000 });
                await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0, new() { Timeout = 2000 });
                // The select re-renders its text after the choice reaches the server.
                var shown = await ShownAsync(page, testId);
                for (var i = 0; i < 20 && shown.Length == 0; i++)
                {
                    await Task.Delay(100);
                    shown = await ShownAsync(page, testId);
                }
                return shown;
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException && DateTime.UtcNow < deadline)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    /// <summary>Types into a MudTextField / MudNumericField and leaves it, so the value reaches the server.</summary>
    public static async Task FillAsync(IPage page, string testId, string value)
    {
        var input = page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
        await input.FillAsync(value);
        await input.PressAsync("Tab");
        await Expect(input).ToHaveValueAsync(value);
    }

    /// <summary>Clicks until <paramref name="done"/> shows the click had its effect.</summary>
    public static async Task ClickUntilAsync(ILocator target, Func<Task<bool>> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await target.IsVisibleAsync() && await target.IsEnabledAsync())
                await target.ClickAsync(new() { Timeout = 2000 });
            for (var i = 0; i < 10; i++)
            {
                if (await done())
                    return;
                await Task.Delay(200);
            }
            if (DateTime.UtcNow > deadline)
                throw new TrialException($"Clicking {target} had no visible effect within {timeout.TotalSeconds:F0} s.");
        }
    }

    /// <summary>Waits until every image matching <paramref name="selector"/> that is in view has loaded.</summary>
    public static Task ImagesLoadedAsync(IPage page, string selector, TimeSpan timeout) =>
        page.WaitForFunctionAsync(
            // Only the images in view: the thumbnails below the fold are lazy and load when scrolled to.
            "s => { const images = [...document.querySelectorAll(s)].filter(i => i.getBoundingClientRect().top < window.innerHeight); " +
            "return images.length > 0 && images.every(i => i.complete && i.naturalWidth > 0); }",
            selector, new() { Timeout = (float)timeout.TotalMilliseconds });

    /// <summary>
    /// Waits for the page's circuit by toggling the navigation drawer until it changes (clicks before the circuit is connected do
    /// nothing), then toggles it back.
    /// </summary>
    public static async Task WaitForCircuitAsync(IPage page)
    {
        var drawer = page.Locator(".mud-drawer").First;
        var wasOpen = (await drawer.GetAttributeAsync("class") ?? "").Contains("mud-drawer--open", StringComparison.Ordinal);
        var toggled = new Regex(wasOpen ? "mud-drawer--closed" : "mud-drawer--open");
        var deadline = DateTime.UtcNow + CircuitTimeout;
        while (true)
        {
            await page.GetByTestId("drawer-toggle").ClickAsync();
            try
            {
                await Expect(drawer).ToHaveClassAsync(toggled, new() { Timeout = 500 });
                break;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
            }
        }
        await page.GetByTestId("drawer-toggle").ClickAsync();
        await Expect(drawer).ToHaveClassAsync(new Regex(wasOpen ? "mud-drawer--open" : "mud-drawer--closed"));
    }

    /// <summary>What a field shows: the value of its input, else its text (a MudSelect shows its choice as text).</summary>
    public static async Task<string> ShownAsync(IPage page, string testId) =>
        (await page.EvaluateAsync<string>(
            "id => { const e = document.querySelector(`[data-testid=${id}]`); if (!e) return ''; if (e.tagName === 'INPUT') return e.value; " +
            "const i = e.querySelector('input:not([type=hidden])'); return i && i.value ? i.value : e.innerText; }", testId)).Trim();

    /// <summary>Opens <paramref name="url"/>; retried when the navigation is aborted, as it is when Blazor's reconnect reloads the
    /// page at the same moment (after a server restart).</summary>
    public static async Task GotoAsync(IPage page, Uri url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.GotoAsync(url.ToString());
                return;
            }
            catch (PlaywrightException e) when (e.Message.Contains("ERR_ABORTED", StringComparison.Ordinal) && attempt < 5)
            {
                await Task.Delay(1000);
            }
        }
    }
}
