using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Datasets;
using SdSeg.Workbench.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Tests.Datasets;

public sealed class SampleImageEndpointTests : IAsyncLifetime
{
    private readonly DatasetTestFactory factory = new();
    private HttpClient client = null!;
    private Sample sample = null!;

    public async Task InitializeAsync()
    {
        client = factory.CreateClient();
        var inspection = await factory.UploadAsync(DatasetZipBuilder.Write(factory.ZipFolder, "tiny.zip", pairs: 3));
        var dataset = await factory.Uploads.ImportAsync(inspection, "tiny", validPairsOnly: false);
        await using var db = factory.OpenCatalog();
        sample = await db.Samples.SingleAsync(s => s.DatasetId == dataset.Id && s.Stem == "case1");
    }

    [Fact]
    public async Task Thumbnail_is_a_png_with_caching_headers_and_answers_304_to_its_etag()
    {
        var response = await client.GetAsync($"/api/samples/{sample.Id}/thumbnail?v=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=86400", response.Headers.CacheControl?.ToString());
        using var thumbnail = Image.Load<Rgb24>(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((DatasetZipBuilder.Width, DatasetZipBuilder.Height), (thumbnail.Width, thumbnail.Height));

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/samples/{sample.Id}/thumbnail?v=1");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Mask_layer_is_the_mask_in_colour_on_transparency_and_is_cached_on_disk()
    {
        var response = await client.GetAsync($"/api/samples/{sample.Id}/mask-layer/fill");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var layer = Image.Load<Rgba32>(await response.Content.ReadAsByteArrayAsync());
        // case1's mask: a 2x4 block at the top-left.
        Assert.Equal(255, layer[1, 3].A);
        Assert.Equal(DatasetPreviewRenderer.MaskColour.G, layer[1, 3].G);
        Assert.Equal(0, layer[2, 0].A);
        Assert.Equal(0, layer[0, 4].A);
        Assert.True(factory.Blobs.Exists(DatasetFolders.MaskLayer(sample.DatasetId, "case1", MaskLayerMode.Fill)));

        var outline = await client.GetAsync($"/api/samples/{sample.Id}/mask-layer/outline");
        Assert.Equal(HttpStatusCode.OK, outline.StatusCode);
    }

    [Fact]
    public async Task Image_is_served_as_imported_and_bad_requests_get_specific_errors()
    {
        var image = await client.GetAsync($"/api/samples/{sample.Id}/image");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(factory.Blobs.GetFullPath(sample.ImagePath)), await image.Content.ReadAsByteArrayAsync());

        var badMode = await client.GetAsync($"/api/samples/{sample.Id}/mask-layer/sparkle");
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
        Assert.Contains("use 'fill' or 'outline'", await badMode.Content.ReadAsStringAsync());
        var missing = await client.GetAsync("/api/samples/999999/thumbnail");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no sample 999999", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dataset_page_shows_statistics_split_and_only_the_first_page_of_thumbnails()
    {
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/datasets/{sample.DatasetId}"));

        Assert.Contains(">tiny</h1>", html);
        Assert.Contains("data-testid=\"sample-count\">3<", html);
        Assert.Contains("data-testid=\"split-seed\">0<", html);
        Assert.Contains($"api/samples/{sample.Id}/thumbnail?v=", html);
        Assert.Contains("0-10%", html);

        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/datasets"));
        Assert.Contains($"href=\"datasets/{sample.DatasetId}\"", list);
        Assert.Contains("Up to 2.0 GiB per zip", list);
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }
}
