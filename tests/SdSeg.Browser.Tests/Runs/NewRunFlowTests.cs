using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SdSeg.Catalog;
using SdSeg.Catalog.Storage;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests.Runs;

public sealed partial class NewRunFlowTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_tiny_train_run_queued_from_the_form_shows_live_progress_and_ends_succeeded()
    {
        var services = session.Server.Services;
        await using (var db = await services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync())
            await TinyDataset.SeedAsync(db, services.GetRequiredService<BlobStore>().Root);
        await using var context = await session.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.PageError += (_, error) => failures.Add($"script error: {error}");

        await page.GotoAsync(new Uri(session.Server.BaseAddress, "runs/new").ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync("New run");
        await WorkbenchPage.ChooseAsync(page, "run-preset", "tiny");
        await FillAsync(page, "run-steps", "30");
        await FillAsync(page, "run-batch-size", "2");
        await FillAsync(page, "run-device", "cpu");
        await page.GetByTestId("queue-run").ClickAsync();

        await Expect(page).ToHaveURLAsync(RunAddress(), new() { Timeout = 20000 });
        // The page updates itself over the circuit: no reload below.
        await Expect(page.GetByTestId("run-progress-text")).ToContainTextAsync(new Regex("first-stage|denoiser"), new() { Timeout = 90000 });
        await Expect(page.GetByTestId("loss-chart").Locator("svg path").First).ToBeAttachedAsync(new() { Timeout = 90000 });
        await Expect(page.GetByTestId("run-status")).ToContainTextAsync("Succeeded", new() { Timeout = 150000 });
        await Expect(page.GetByTestId("result-summary")).ToContainTextAsync("completed");
        await Expect(page.GetByTestId("run-log")).ToContainTextAsync("Training in");

        await page.GetByRole(AriaRole.Link, new() { Name = "Runs" }).First.ClickAsync();
        await Expect(page.GetByTestId("runs-table")).ToContainTextAsync("Succeeded");
        Assert.Empty(failures);
    }

    private static async Task FillAsync(IPage page, string testId, string value)
    {
        var input = page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
        await input.FillAsync(value);
        await input.PressAsync("Tab");
        await Expect(input).ToHaveValueAsync(value);
    }

    [GeneratedRegex(@"/runs/\d+$")]
    private static partial Regex RunAddress();
}
