using System.Net;
using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Models;
using SdSeg.Catalog.Runs;

namespace SdSeg.Workbench.Tests;

public sealed class CatalogContentTests : IAsyncLifetime
{
    private readonly WorkbenchFactory factory = new();
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        client = factory.CreateClient();
        await using var db = factory.OpenCatalog();
        var dataset = new Dataset { Name = "polyps-small", Source = "polyps.zip", SampleCount = 2, CreatedAt = DateTime.UtcNow };
        dataset.Samples.Add(new Sample { Stem = "a", ImagePath = "datasets/1/images/a.png", MaskPath = "datasets/1/masks/a.png", Width = 8, Height = 8 });
        dataset.Samples.Add(new Sample { Stem = "b", ImagePath = "datasets/1/images/b.png", MaskPath = "datasets/1/masks/b.png", Width = 8, Height = 8 });
        var model = new ModelEntry { Name = "sdseg-tiny", Config = "model: {}", WeightsPath = "models/1/model.safetensors", SizeBytes = 3 * 1048576, OriginFile = "tiny.ckpt", CreatedAt = DateTime.UtcNow };
        db.Runs.Add(new Run
        {
            Kind = RunKind.Evaluate, Status = RunStatus.Succeeded, SpecJson = "{}", RunDirectory = "runs/1", Dataset = dataset, Model = model,
            CreatedAt = DateTime.UtcNow,
            PerImageResults = [new PerImageResult { SampleStem = "a", Dice = 0.5, Iou = 0.4 }, new PerImageResult { SampleStem = "b", Dice = 1, Iou = 1 }],
        });
        db.Runs.Add(new Run { Kind = RunKind.Train, Status = RunStatus.Queued, SpecJson = "{}", RunDirectory = "runs/2", Dataset = dataset, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Pages_list_what_the_catalog_holds_instead_of_the_empty_state()
    {
        var datasets = await GetHtmlAsync("/datasets");
        var runs = await GetHtmlAsync("/runs");
        var models = await GetHtmlAsync("/models");

        Assert.Contains("polyps-small", datasets);
        Assert.DoesNotContain("No datasets yet", datasets);
        Assert.Contains("Evaluate", runs);
        Assert.Contains("Queued", runs);
        Assert.Contains("sdseg-tiny", runs);
        Assert.Contains("sdseg-tiny", models);
        Assert.Contains("3.0 MiB", models);
    }

    [Fact]
    public async Task Home_counts_what_the_catalog_holds()
    {
        var home = await GetHtmlAsync("/");

        Assert.Contains("2 image/mask pairs", home);
        Assert.Contains("1 queued or running", home);
    }

    [Fact]
    public async Task Compare_needs_two_runs_with_results_and_says_how_many_there_are()
    {
        var compare = await GetHtmlAsync("/compare");

        Assert.Contains("Nothing to compare yet", compare);
        Assert.Contains("the catalog has 1.", compare);
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> GetHtmlAsync(string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
