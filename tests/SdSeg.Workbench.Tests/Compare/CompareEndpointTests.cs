using System.IO.Compression;
using System.Net;
using SdSeg.Imaging.Rendering;
using SdSeg.Workbench.Compare;
using SdSeg.Workbench.Tests.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Tests.Compare;

public sealed class CompareEndpointTests : IAsyncLifetime
{
    private readonly DatasetTestFactory factory = new();
    private HttpClient client = null!;
    private TwoPredictRuns seeded = null!;

    public async Task InitializeAsync()
    {
        client = factory.CreateClient();
        seeded = await TwoPredictRuns.SeedAsync(factory);
    }

    [Fact]
    public async Task Csv_has_each_runs_scores_and_the_difference_per_image()
    {
        var response = await client.GetAsync($"/api/compare.csv?runs={seeded.RunIds}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"compare-runs-{seeded.RunA}-{seeded.RunB}.csv", response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal(
            $"image,run{seeded.RunA}_dice,run{seeded.RunA}_iou,run{seeded.RunA}_hd95,run{seeded.RunB}_dice,run{seeded.RunB}_iou,run{seeded.RunB}_hd95,dice_run{seeded.RunB}_minus_run{seeded.RunA}",
            lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Equal("case1,1,1,0,0,0,,-1", lines[2]);
        Assert.Equal("case2,1,1,0,1,1,0,0", lines[3]);
    }

    [Fact]
    public async Task Masks_zip_has_a_folder_per_run_with_the_predicted_pngs()
    {
        var response = await client.GetAsync($"/api/compare/masks.zip?runs={seeded.RunIds}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var expected = new[] { seeded.RunA, seeded.RunB }.SelectMany(r => new[] { 0, 1, 2 }.Select(i => $"run-{r}/case{i}.png")).Order();
        Assert.Equal(expected, zip.Entries.Select(e => e.FullName).Order());
        await using var entry = zip.GetEntry($"run-{seeded.RunB}/case0.png")!.Open();
        using var mask = await Image.LoadAsync<L8>(entry);
        Assert.Equal(255, mask[TwoPredictRuns.FalsePositive.X, TwoPredictRuns.FalsePositive.Y].PackedValue);
    }

    [Fact]
    public async Task Mask_layer_paints_the_runs_prediction_in_its_colour_on_transparency()
    {
        using var layer = await PngAsync($"/api/compare/runs/{seeded.RunB}/mask-layer?stem=case0&slot=1");

        var colour = CompareColours.Run(1);
        Assert.Equal(new Rgba32(colour.R, colour.G, colour.B, 255), layer[0, 0]);
        Assert.Equal(new Rgba32(colour.R, colour.G, colour.B, 255), layer[TwoPredictRuns.FalsePositive.X, TwoPredictRuns.FalsePositive.Y]);
        Assert.Equal(0, layer[10, 10].A);
    }

    [Fact]
    public async Task Difference_map_colours_true_positives_false_positives_and_false_negatives()
    {
        using var case0 = await PngAsync($"/api/compare/runs/{seeded.RunB}/difference?stem=case0");
        using var case1 = await PngAsync($"/api/compare/runs/{seeded.RunB}/difference?stem=case1");

        Assert.Equal(Opaque(MaskPairColours.Difference.Both), case0[0, 0]);
        Assert.Equal(Opaque(MaskPairColours.Difference.FirstOnly), case0[TwoPredictRuns.FalsePositive.X, TwoPredictRuns.FalsePositive.Y]);
        Assert.Equal(0, case0[10, 10].A);
        Assert.Equal(Opaque(MaskPairColours.Difference.SecondOnly), case1[1, 3]);
    }

    [Fact]
    public async Task Disagreement_map_shows_where_run_A_and_run_B_differ()
    {
        using var case0 = await PngAsync($"/api/compare/disagreement?a={seeded.RunA}&b={seeded.RunB}&stem=case0");
        using var case1 = await PngAsync($"/api/compare/disagreement?a={seeded.RunA}&b={seeded.RunB}&stem=case1");

        Assert.Equal(Opaque(MaskPairColours.Disagreement.Both), case0[0, 0]);
        Assert.Equal(Opaque(MaskPairColours.Disagreement.SecondOnly), case0[TwoPredictRuns.FalsePositive.X, TwoPredictRuns.FalsePositive.Y]);
        Assert.Equal(Opaque(MaskPairColours.Disagreement.FirstOnly), case1[0, 0]);
        Assert.Equal(0, case1[10, 10].A);
    }

    [Fact]
    public async Task Bad_requests_get_specific_errors()
    {
        var oneRun = await client.GetAsync($"/api/compare.csv?runs={seeded.RunA}");
        Assert.Equal(HttpStatusCode.BadRequest, oneRun.StatusCode);
        Assert.Contains("at least two runs", await oneRun.Content.ReadAsStringAsync());

        var unknownStem = await client.GetAsync($"/api/compare/runs/{seeded.RunA}/mask-layer?stem=..%2F..%2Fcatalog");
        Assert.Equal(HttpStatusCode.NotFound, unknownStem.StatusCode);
        Assert.Contains("has no result for image", await unknownStem.Content.ReadAsStringAsync());

        var noStem = await client.GetAsync($"/api/compare/runs/{seeded.RunA}/difference");
        Assert.Equal(HttpStatusCode.BadRequest, noStem.StatusCode);
    }

    [Fact]
    public async Task Compare_page_lists_per_image_Dice_of_both_runs_and_their_difference()
    {
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/compare?runs={seeded.RunIds}"));

        Assert.Contains("Summary over 3 images", html);
        Assert.Contains("0.8889", html);
        Assert.Contains("−1.0000", html);
        Assert.Contains("−0.1111", html);
        Assert.Contains("undefined", html);
        Assert.Contains($"compare/image?runs={seeded.RunIds}&stem=case1", html);
    }

    [Fact]
    public async Task Image_page_shows_every_panel_with_its_metrics()
    {
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/compare/image?runs={seeded.RunIds}&stem=case0"));

        Assert.Contains("image 1 of 3", html);
        Assert.Contains($"api/compare/runs/{seeded.RunB}/difference?stem=case0", html);
        Assert.Contains($"api/compare/disagreement?a={seeded.RunA}&b={seeded.RunB}&stem=case0", html);
        Assert.Contains("Dice 0.8889", html);
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Image<Rgba32>> PngAsync(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        return Image.Load<Rgba32>(await response.Content.ReadAsByteArrayAsync());
    }

    private static Rgba32 Opaque(Rgb24 colour) => new(colour.R, colour.G, colour.B, 255);
}
