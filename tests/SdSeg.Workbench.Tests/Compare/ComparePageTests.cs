using System.Net;
using System.Text.RegularExpressions;
using SdSeg.Catalog.Models;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Compare;
using SdSeg.Workbench.Tests.Datasets;

namespace SdSeg.Workbench.Tests.Compare;

/// <summary>The compare page as first served (prerendered): run names, the summary and the Dice histogram.</summary>
public sealed partial class ComparePageTests : IAsyncLifetime
{
    private readonly DatasetTestFactory factory = new();
    private HttpClient client = null!;
    private TwoPredictRuns seeded = null!;
    private int smallRun;
    private int unetRun;

    public async Task InitializeAsync()
    {
        client = factory.CreateClient();
        seeded = await TwoPredictRuns.SeedAsync(factory);
        await using var db = factory.OpenCatalog();
        var small = TrainRun("small");
        var unet = TrainRun("unet");
        db.Runs.AddRange(small, unet);
        await db.SaveChangesAsync();
        var smallModel = Model(small.Id);
        var unetModel = Model(unet.Id);
        db.Models.AddRange(smallModel, unetModel);
        await db.SaveChangesAsync();
        (await db.Runs.FindAsync(seeded.RunA))!.ModelId = smallModel.Id;
        (await db.Runs.FindAsync(seeded.RunB))!.ModelId = unetModel.Id;
        await db.SaveChangesAsync();
        (smallRun, unetRun) = (small.Id, unet.Id);
    }

    [Fact]
    public async Task Runs_are_named_by_their_models_configuration_alike_in_picker_summary_and_histogram_legend()
    {
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/compare?runs={seeded.RunIds}"));
        var a = $"#{seeded.RunA} Predict · small (run {smallRun})";
        var b = $"#{seeded.RunB} Predict · unet (run {unetRun})";

        Assert.Contains($">{a}</a>", html);
        Assert.Matches($"summary-run-{seeded.RunA}\"><td><span[^>]*></span>A: {Regex.Escape(a)}</td>", html);
        Assert.Matches($"summary-run-{seeded.RunB}\"><td><span[^>]*></span>B: {Regex.Escape(b)}</td>", html);
        var legend = Histogram(html)[Histogram(html).IndexOf("mud-chart-legend", StringComparison.Ordinal)..];
        Assert.Contains($">A: {a}</span>", legend);
        Assert.Contains($">B: {b}</span>", legend);
        Assert.DoesNotContain($"run {unetRun} model", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Histogram_bars_and_legend_take_the_runs_overlay_colours()
    {
        var histogram = Histogram(await client.GetStringAsync($"/compare?runs={seeded.RunIds}"));
        var colourA = CompareColours.Css(CompareColours.Run(0));
        var colourB = CompareColours.Css(CompareColours.Run(1));

        Assert.Equal(new[] { colourA, colourB }.Order(), BarFills().Matches(histogram).Select(m => m.Groups[1].Value).Distinct().Order());
        Assert.Contains($"background-color:{colourA}", histogram);
        Assert.Contains($"background-color:{colourB}", histogram);
    }

    [Fact]
    public async Task Histogram_count_axis_fits_the_counts()
    {
        // Three images: run A has all three in the top bin, so the axis needs to reach 3 and no further than a tick past it.
        var labels = Texts(Histogram(await client.GetStringAsync($"/compare?runs={seeded.RunIds}")));

        Assert.Equal(["0", "1", "2", "3"], labels.TakeWhile(l => !l.Contains('.')));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(12, 2)]
    [InlineData(60, 10)]
    [InlineData(0, 1)]
    public void Count_axis_steps_keep_to_about_six_ticks(int highest, int step) =>
        Assert.Equal(step, SdSeg.Workbench.Components.Pages.Compare.ComparisonSummary.CountAxisStep(highest));

    private static string Histogram(string html)
    {
        var start = html.IndexOf("data-testid=\"dice-histogram\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no histogram on the page");
        return html[start..html.IndexOf("data-testid=\"image-comparison\"", start, StringComparison.Ordinal)];
    }

    private static List<string> Texts(string svg) => SvgText().Matches(svg).Select(m => m.Groups[1].Value.Trim()).ToList();

    [GeneratedRegex("<text[^>]*>([^<]*)</text>")]
    private static partial Regex SvgText();

    [GeneratedRegex("class=\"mud-chart-bar\" fill=\"([^\"]+)\"")]
    private static partial Regex BarFills();

    private static Run TrainRun(string config) => new()
    {
        Kind = RunKind.Train, Status = RunStatus.Succeeded, RunDirectory = $"runs/train-{config}", CreatedAt = DateTime.UtcNow,
        SpecJson = $$"""{"kind":"Train","config":"{{config}}"}""",
    };

    private static ModelEntry Model(int runId) =>
        new() { Name = $"run {runId} model", Config = "model: {}", WeightsPath = $"models/{runId}.safetensors", OriginRunId = runId, CreatedAt = DateTime.UtcNow };

    public Task DisposeAsync()
    {
        client.Dispose();
        factory.Dispose();
        return Task.CompletedTask;
    }
}
