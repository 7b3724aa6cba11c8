using System.Net;
using SdSeg.Catalog.Models;
using SdSeg.Workbench.Models;
using SdSeg.Workbench.Tests.Datasets;

namespace SdSeg.Workbench.Tests.Models;

public sealed class ModelDownloadTests : IAsyncLifetime
{
    private static readonly byte[] Weights = [1, 2, 3, 4, 5, 250];

    private readonly DatasetTestFactory factory = new();
    private HttpClient client = null!;
    private int modelId;

    public async Task InitializeAsync()
    {
        client = factory.CreateClient();
        await using (var content = new MemoryStream(Weights))
            await factory.Blobs.WriteAsync("models/7/model.safetensors", content);
        await using var db = factory.OpenCatalog();
        var model = new ModelEntry
        {
            Name = "polyp unet/v2", Config = "baseline: unet\nimage_size: 64\n", WeightsPath = "models/7/model.safetensors",
            SizeBytes = Weights.Length, OriginFile = "unet.safetensors", CreatedAt = DateTime.UtcNow,
        };
        db.Models.Add(model);
        await db.SaveChangesAsync();
        modelId = model.Id;
    }

    [Fact]
    public async Task Weights_download_is_the_file_named_after_the_model()
    {
        var response = await client.GetAsync($"/api/models/{modelId}/weights");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Weights, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("polyp-unet-v2.safetensors", response.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task Missing_models_and_files_get_specific_errors()
    {
        var none = await client.GetAsync("/api/models/9999/weights");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("no model 9999", await none.Content.ReadAsStringAsync());

        factory.Blobs.Delete("models/7/model.safetensors");
        var gone = await client.GetAsync($"/api/models/{modelId}/weights");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("has no weights file", await gone.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Models_page_shows_the_kind_and_a_download_link()
    {
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/models"));

        Assert.Contains("polyp unet/v2", html);
        Assert.Contains("U-Net baseline", html);
        Assert.Contains($"api/models/{modelId}/weights", html);
    }

    [Theory]
    [InlineData("baseline: unet\n", ModelKind.Baseline)]
    [InlineData("model:\n  target: ldm.models.diffusion.ddpm.LatentDiffusion\n", ModelKind.SdSeg)]
    [InlineData("", ModelKind.Unknown)]
    [InlineData("[not: closed", ModelKind.Unknown)]
    public void Kind_comes_from_the_configuration(string config, ModelKind expected) => Assert.Equal(expected, ModelKindReader.Read(config));

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }
}
