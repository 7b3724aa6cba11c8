using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Trial;

/// <summary>Compare steps: the two predict runs in the comparison table, then one image side by side.</summary>
public sealed partial class Trial
{
    /// <summary>Compares run <paramref name="a"/> (picked first: run A, the baseline) with <paramref name="b"/>.</summary>
    private async Task CompareAsync(int a, int b)
    {
        await Page.GotoAsync(Url("compare").ToString());
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Compare");
        await Expect(Page.Locator("[data-testid=run-picker][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30000 });
        await Page.GetByTestId($"pick-run-{a}").Locator("input").CheckAsync();
        await Page.GetByTestId($"pick-run-{b}").Locator("input").CheckAsync();
        await Page.GetByTestId("compare-selected").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"compare\\?runs={a},{b}$"));
        var summary = Page.GetByTestId("comparison-summary");
        await Expect(summary).ToBeVisibleAsync(new() { Timeout = 60000 });
        foreach (var run in new[] { a, b })
            report.Observe($"compare summary row: {Regex.Replace((await Page.GetByTestId($"summary-run-{run}").InnerTextAsync()).Trim(), @"\s+", " ")}");
        report.Observe($"compare: {Regex.Replace((await summary.Locator("h6").First.InnerTextAsync()).Trim(), @"\s+", " ")}; " +
                       $"{await Page.Locator("[data-testid^=open-]").CountAsync()} rows in the per-image table");
        // The summary at the top of the window, below the fixed app bar.
        await Page.EvaluateAsync("() => { const s = document.querySelector('[data-testid=comparison-summary]'); window.scrollBy(0, s.getBoundingClientRect().top - 80); }");
        await Page.ScreenshotAsync(new() { Path = Screenshot("compare.png") });
    }

    private async Task CompareImageAsync()
    {
        var first = Page.Locator("[data-testid^=open-]").First;
        var stem = (await first.InnerTextAsync()).Trim();
        await first.ClickAsync();
        await Expect(Page.GetByTestId("compare-stem")).ToHaveTextAsync(stem, new() { Timeout = 30000 });
        await Ui.ImagesLoadedAsync(Page, ".mud-grid img", TimeSpan.FromSeconds(60));
        await Page.ScreenshotAsync(new() { Path = Screenshot("compare-image.png") });
        await Expect(Page.GetByTestId("compare-key-area")).ToBeFocusedAsync(new() { Timeout = 20000 });
        await Page.Keyboard.PressAsync("ArrowRight");
        await Expect(Page.GetByTestId("compare-stem")).Not.ToHaveTextAsync(stem);
        report.Observe($"side by side: {stem}, then → to {(await Page.GetByTestId("compare-stem").InnerTextAsync()).Trim()}");
    }
}
