using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests;

public sealed class InteractiveShellTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Drawer_toggles_and_navigation_renders_the_datasets_page_over_the_circuit()
    {
        await using var context = await session.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 400) failures.Add($"{response.Status} {response.Url}"); };
        page.RequestFailed += (_, request) => failures.Add($"failed {request.Url}: {request.Failure}");
        page.PageError += (_, error) => failures.Add($"script error: {error}");
        var workbench = new WorkbenchPage(page);

        await workbench.OpenAsync(session.Server.BaseAddress);
        await Expect(workbench.Drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-drawer--open"));

        await workbench.ToggleDrawerAsync("mud-drawer--closed", TimeSpan.FromSeconds(20));
        await workbench.ToggleDrawerAsync("mud-drawer--open", TimeSpan.FromSeconds(5));

        await workbench.NavigateAsync("Datasets");
        await Expect(page).ToHaveURLAsync(new Uri(session.Server.BaseAddress, "datasets").ToString());
        await Expect(workbench.Heading).ToHaveTextAsync("Datasets");
        await Expect(workbench.EmptyState).ToContainTextAsync("No datasets yet — upload one");
        await Expect(page).ToHaveTitleAsync("Datasets · SdSeg Workbench");

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Theme_and_app_styles_are_applied()
    {
        await using var context = await session.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await new WorkbenchPage(page).OpenAsync(session.Server.BaseAddress);

        // MudBlazor's stylesheet positions the app bar; app.css from the repository's wwwroot styles the page container.
        // Query and measure in one script turn: the circuit may swap the prerendered elements at any moment.
        var appBarPosition = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.mud-appbar')).position");
        var containerPadding = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.page-container')).paddingTop");

        Assert.Equal("fixed", appBarPosition);
        Assert.Equal("24px", containerPadding);
    }
}
