using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Trial;

/// <summary>Dataset steps: upload, import report, import, the dataset page and the sample viewer.</summary>
public sealed partial class Trial
{
    private async Task UploadAsync(string zip)
    {
        await Ui.WaitForCircuitAsync(Page);
        await Page.Locator(".mud-nav-link", new() { HasText = "Datasets" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Datasets");
        await Page.GetByTestId("dataset-upload").Locator("input[type=file]").SetInputFilesAsync(zip);
        var summary = Page.GetByTestId("import-summary");
        await Expect(summary.Or(Page.GetByTestId("upload-refusal")).Or(Page.GetByTestId("upload-error")))
            .ToBeVisibleAsync(new() { Timeout = 600_000 });
        if (!await summary.IsVisibleAsync())
            throw new TrialException($"The upload was refused: {await Page.Locator("[data-testid=upload-refusal], [data-testid=upload-error]").First.InnerTextAsync()}");
        report.Observe($"import report: {(await summary.InnerTextAsync()).Trim()}");
        var layout = Page.GetByTestId("layout-explanation");
        if (await layout.IsVisibleAsync())
            report.Observe($"layout: {(await layout.InnerTextAsync()).Trim()}");
        var issues = Page.GetByTestId("import-issues");
        if (await issues.IsVisibleAsync())
        {
            var listed = Regex.Replace((await issues.InnerTextAsync()).Trim(), @"\s+", " ");
            report.Observe($"import issues listed: {(listed.Length > 400 ? listed[..400] + " ..." : listed)}");
        }
        report.Observe($"dataset name proposed: {await Page.Locator("input[data-testid=dataset-name], [data-testid=dataset-name] input").First.InputValueAsync()}");
    }

    private async Task ImportAsync()
    {
        // "Import" when every pair is valid, "Import the N valid pairs" when the report lists problems.
        var import = Page.GetByTestId("import").Or(Page.GetByTestId("import-valid"));
        report.Observe($"import button: '{(await import.InnerTextAsync()).Trim()}'");
        await import.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"/datasets/\d+$"), new() { Timeout = 600_000 });
        datasetId = int.Parse(Page.Url[(Page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await Expect(Page.GetByTestId("sample-count")).ToBeVisibleAsync();
        report.Observe($"dataset {datasetId}: {(await Page.GetByTestId("sample-count").InnerTextAsync()).Trim()} samples; split " +
                       $"{(await Page.GetByTestId("split-train").InnerTextAsync()).Trim()} train / {(await Page.GetByTestId("split-validation").InnerTextAsync()).Trim()} validation / " +
                       $"{(await Page.GetByTestId("split-test").InnerTextAsync()).Trim()} test, seed {(await Page.GetByTestId("split-seed").InnerTextAsync()).Trim()}");
    }

    private async Task DatasetScreenshotsAsync()
    {
        await Expect(Page.GetByTestId("sample-tile").First).ToBeVisibleAsync();
        // Statistics and split above, two rows of thumbnails below: scroll the grid up to a third of the window.
        await Page.EvaluateAsync("() => { const grid = document.querySelector('[data-testid=thumbnail-grid]'); window.scrollBy(0, grid.getBoundingClientRect().top - 300); }");
        await Ui.ImagesLoadedAsync(Page, "[data-testid=sample-tile] img", TimeSpan.FromSeconds(60));
        await Page.ScreenshotAsync(new() { Path = Screenshot("dataset.png") });

        await Ui.ClickUntilAsync(Page.GetByTestId("sample-tile").First, () => Page.GetByTestId("sample-viewer").IsVisibleAsync(), TimeSpan.FromSeconds(30));
        await Ui.ImagesLoadedAsync(Page, "[data-testid=viewer-image], [data-testid=viewer-mask]", TimeSpan.FromSeconds(30));
        await Page.ScreenshotAsync(new() { Path = Screenshot("sample-viewer.png") });
        await Page.Keyboard.PressAsync("Escape");
        await Expect(Page.GetByTestId("sample-viewer")).ToBeHiddenAsync();
    }
}
