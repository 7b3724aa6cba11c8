using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests.Datasets;

public sealed partial class DatasetUploadFlowTests(BrowserSession session) : IClassFixture<BrowserSession>, IDisposable
{
    private readonly string zipFolder = Directory.CreateTempSubdirectory("sdseg-browser-zips-").FullName;

    [Fact]
    public async Task Upload_report_import_then_browse_thumbnails_and_fade_the_mask_to_zero()
    {
        var zip = GeneratedDatasetZip.Write(zipFolder, "browser-polyps.zip", pairs: 6);
        await using var context = await session.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 400) failures.Add($"{response.Status} {response.Url}"); };
        page.PageError += (_, error) => failures.Add($"script error: {error}");
        var workbench = new WorkbenchPage(page);

        // The file input only reacts once the circuit is up; the drawer toggling proves it is.
        await workbench.OpenAsync(session.Server.BaseAddress);
        await workbench.ToggleDrawerAsync("mud-drawer--closed", TimeSpan.FromSeconds(20));
        await workbench.ToggleDrawerAsync("mud-drawer--open", TimeSpan.FromSeconds(5));
        await workbench.NavigateAsync("Datasets");
        await Expect(page.GetByTestId("upload-limit")).ToContainTextAsync("Up to 2.0 GiB per zip");

        await page.GetByTestId("dataset-upload").Locator("input[type=file]").SetInputFilesAsync(zip);

        await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("6 valid pair(s), 0 error(s)", new() { Timeout = 20000 });
        await Expect(page.GetByTestId("layout-explanation")).ToContainTextAsync("'images/' holds the images and 'masks/' the masks");
        await Expect(page.GetByLabel("Dataset name")).ToHaveValueAsync("browser-polyps");
        await page.GetByTestId("import").ClickAsync();

        await Expect(page).ToHaveURLAsync(DatasetAddress(), new() { Timeout = 20000 });
        await Expect(workbench.Heading).ToHaveTextAsync("browser-polyps");
        await Expect(page.GetByTestId("sample-count")).ToHaveTextAsync("6");
        await Expect(page.GetByTestId("split-seed")).ToHaveTextAsync("0");
        var tiles = page.GetByTestId("sample-tile");
        await Expect(tiles).ToHaveCountAsync(6);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=sample-tile] img')].every(i => i.complete && i.naturalWidth === 32)");

        await tiles.First.ClickAsync();
        var mask = page.GetByTestId("viewer-mask");
        await Expect(mask).ToHaveAttributeAsync("style", new Regex("opacity:0\\.5$"));
        await page.WaitForFunctionAsync("() => { const m = document.querySelector('[data-testid=viewer-mask]'); return m.complete && m.naturalWidth === 32; }");
        await page.Locator(".mud-dialog input[type=range]").FillAsync("0");
        await Expect(mask).ToHaveAttributeAsync("style", new Regex("opacity:0$"));
        await Expect(page.GetByText("Mask opacity: 0%")).ToBeVisibleAsync();

        await page.GetByTestId("mask-mode").GetByText("Outline").ClickAsync();
        await Expect(mask).ToHaveAttributeAsync("src", new Regex("mask-layer/outline"));

        Assert.Empty(failures);
    }

    public void Dispose()
    {
        if (Directory.Exists(zipFolder))
            Directory.Delete(zipFolder, recursive: true);
    }

    [GeneratedRegex("/datasets/\\d+$")]
    private static partial Regex DatasetAddress();
}
