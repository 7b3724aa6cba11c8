using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SdSeg.Catalog;
using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Runs;
using SdSeg.Catalog.Storage;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests.Compare;

public sealed class CompareFlowTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Two_runs_are_picked_compared_per_image_and_stepped_through_side_by_side_with_the_arrow_keys()
    {
        var (runA, runB) = await SeedAsync();
        await using var context = await session.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.PageError += (_, error) => failures.Add($"script error: {error}");

        await page.GotoAsync(new Uri(session.Server.BaseAddress, "compare").ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync("Compare");
        await Expect(page.Locator("[data-testid=run-picker][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20000 });
        await page.GetByTestId($"pick-run-{runA}").Locator("input").CheckAsync();
        await page.GetByTestId($"pick-run-{runB}").Locator("input").CheckAsync();
        await page.GetByTestId("compare-selected").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"compare\\?runs={runA},{runB}$"));
        await Expect(page.GetByTestId($"dice-case0-{runA}")).ToHaveTextAsync("1.0000");
        await Expect(page.GetByTestId($"dice-case0-{runB}")).ToHaveTextAsync("0.7200");
        await Expect(page.GetByTestId($"dice-case1-{runB}")).ToHaveTextAsync("0.0000");

        await page.GetByTestId("open-case0").ClickAsync();
        await Expect(page.GetByTestId("compare-stem")).ToHaveTextAsync("case0");
        await Expect(page.GetByTestId($"panel-run-{runB}-metrics")).ToContainTextAsync("Dice 0.7200");
        await Expect(page.GetByTestId("compare-key-area")).ToBeFocusedAsync(new() { Timeout = 20000 });
        await page.Keyboard.PressAsync("ArrowRight");

        await Expect(page.GetByTestId("compare-stem")).ToHaveTextAsync("case1");
        await Expect(page).ToHaveURLAsync(new Regex("stem=case1$"));
        await Expect(page.GetByTestId($"panel-run-{runB}-metrics")).ToContainTextAsync("Dice 0.0000");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(page.GetByTestId("compare-stem")).ToHaveTextAsync("case0");
        Assert.Empty(failures);
    }

    /// <summary>A 3-sample dataset in the blob store layout (datasets/&lt;id&gt;/images|masks) and two succeeded predict runs with masks.</summary>
    private async Task<(int RunA, int RunB)> SeedAsync()
    {
        var services = session.Server.Services;
        var blobs = services.GetRequiredService<BlobStore>();
        await using var db = await services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
        var dataset = new Dataset { Name = $"compare-{Guid.NewGuid():N}"[..16], Source = "synthetic", SampleCount = 3, CreatedAt = DateTime.UtcNow };
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        var folder = $"runs-{Guid.NewGuid():N}"[..13];
        var a = new Run { Kind = RunKind.Predict, Status = RunStatus.Succeeded, SpecJson = "{}", RunDirectory = $"runs/{folder}-a", DatasetId = dataset.Id, CreatedAt = DateTime.UtcNow };
        var b = new Run { Kind = RunKind.Predict, Status = RunStatus.Succeeded, SpecJson = "{}", RunDirectory = $"runs/{folder}-b", DatasetId = dataset.Id, CreatedAt = DateTime.UtcNow };
        for (var i = 0; i < 3; i++)
        {
            var stem = $"case{i}";
            using (var image = new Image<Rgb24>(16, 16, new Rgb24(90, (byte)(40 * i), 60)))
                image.SaveAsPng(Blob(blobs, $"datasets/{dataset.Id}/images/{stem}.png"));
            SaveMask(Blob(blobs, $"datasets/{dataset.Id}/masks/{stem}.png"), 4);
            SaveMask(Blob(blobs, $"{a.RunDirectory}/predictions/{stem}.png"), 4);
            SaveMask(Blob(blobs, $"{b.RunDirectory}/predictions/{stem}.png"), i switch { 0 => 3, 1 => 0, _ => 4 });
            dataset.Samples.Add(new Sample
            {
                Stem = stem, ImagePath = $"datasets/{dataset.Id}/images/{stem}.png", MaskPath = $"datasets/{dataset.Id}/masks/{stem}.png",
                Width = 16, Height = 16, ForegroundFraction = 16 / 256.0,
            });
            a.PerImageResults.Add(new PerImageResult { SampleStem = stem, Dice = 1, Iou = 1, Hd95 = 0, Precision = 1, Recall = 1 });
            b.PerImageResults.Add(i switch
            {
                // A 3x3 block inside the 4x4 ground truth: Dice 18/25, IoU 9/16.
                0 => new PerImageResult { SampleStem = stem, Dice = 0.72, Iou = 0.5625, Hd95 = 1, Precision = 1, Recall = 0.5625 },
                1 => new PerImageResult { SampleStem = stem, Dice = 0, Iou = 0, Hd95 = null, Precision = 0, Recall = 0 },
                _ => new PerImageResult { SampleStem = stem, Dice = 1, Iou = 1, Hd95 = 0, Precision = 1, Recall = 1 },
            });
        }
        db.Runs.AddRange(a, b);
        await db.SaveChangesAsync();
        return (a.Id, b.Id);
    }

    private static string Blob(BlobStore blobs, string path)
    {
        var full = blobs.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>A 16x16 mask with a size x size foreground block at the top-left.</summary>
    private static void SaveMask(string path, int size)
    {
        using var mask = new Image<L8>(16, 16);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                mask[x, y] = new L8(255);
        mask.SaveAsPng(path);
    }
}
