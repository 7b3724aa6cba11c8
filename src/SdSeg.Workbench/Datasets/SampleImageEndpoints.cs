using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using SdSeg.Catalog;
using SdSeg.Catalog.Storage;

namespace SdSeg.Workbench.Datasets;

/// <summary>Serves a sample's image, thumbnail and mask layer as files from the blob store, with validators and caching headers.</summary>
public static class SampleImageEndpoints
{
    // URLs carry the dataset's version, so a cached file can never belong to another dataset that reused an id.
    private const string CacheControl = "private, max-age=86400";

    /// <summary>Maps <c>/api/samples/{id}/thumbnail</c>, <c>/image</c> and <c>/mask-layer/{fill|outline}</c>.</summary>
    public static IEndpointRouteBuilder MapSampleImages(this IEndpointRouteBuilder endpoints)
    {
        var samples = endpoints.MapGroup("/api/samples/{sampleId:int}");
        samples.MapGet("/thumbnail", ThumbnailAsync);
        samples.MapGet("/image", ImageAsync);
        samples.MapGet("/mask-layer/{mode}", MaskLayerAsync);
        return endpoints;
    }

    private static async Task<IResult> ThumbnailAsync(
        int sampleId, HttpContext http, IDbContextFactory<CatalogDbContext> catalog, BlobStore blobs, DatasetPreviewRenderer previews)
    {
        if (await FindAsync(catalog, sampleId, http.RequestAborted) is not { } sample)
            return NoSample(sampleId);
        // Made at import; made here for samples that arrived another way (e.g. the command line), then kept.
        var path = DatasetFolders.Thumbnail(sample.DatasetId, sample.Stem);
        await EnsureAsync(blobs, path, stream => previews.WriteThumbnail(blobs.GetFullPath(sample.ImagePath), stream), http.RequestAborted);
        return File(http, blobs.GetFullPath(path), "image/png");
    }

    private static async Task<IResult> ImageAsync(int sampleId, HttpContext http, IDbContextFactory<CatalogDbContext> catalog, BlobStore blobs)
    {
        if (await FindAsync(catalog, sampleId, http.RequestAborted) is not { } sample)
            return NoSample(sampleId);
        var contentType = Path.GetExtension(sample.ImagePath).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            var other => null,
        };
        var path = blobs.GetFullPath(sample.ImagePath);
        if (contentType is null || !System.IO.File.Exists(path))
            return Results.Problem($"Sample {sampleId}'s image '{sample.ImagePath}' is missing or not a PNG/JPEG file.", statusCode: StatusCodes.Status404NotFound);
        return File(http, path, contentType);
    }

    private static async Task<IResult> MaskLayerAsync(
        int sampleId, string mode, HttpContext http, IDbContextFactory<CatalogDbContext> catalog, BlobStore blobs, DatasetPreviewRenderer previews)
    {
        if (!Enum.TryParse<MaskLayerMode>(mode, ignoreCase: true, out var layerMode) || !Enum.IsDefined(layerMode))
            return Results.Problem($"Unknown mask layer '{mode}'; use 'fill' or 'outline'.", statusCode: StatusCodes.Status400BadRequest);
        if (await FindAsync(catalog, sampleId, http.RequestAborted) is not { } sample)
            return NoSample(sampleId);
        if (sample.MaskPath is null)
            return Results.Problem($"Sample {sampleId} has no mask.", statusCode: StatusCodes.Status404NotFound);
        var path = DatasetFolders.MaskLayer(sample.DatasetId, sample.Stem, layerMode);
        await EnsureAsync(blobs, path, stream => previews.WriteMaskLayer(blobs.GetFullPath(sample.MaskPath), layerMode, stream), http.RequestAborted);
        return File(http, blobs.GetFullPath(path), "image/png");
    }

    private static async Task<SampleFiles?> FindAsync(IDbContextFactory<CatalogDbContext> catalog, int sampleId, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Samples.AsNoTracking().Where(s => s.Id == sampleId)
            .Select(s => new SampleFiles(s.DatasetId, s.Stem, s.ImagePath, s.MaskPath))
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task EnsureAsync(BlobStore blobs, string path, Action<Stream> render, CancellationToken cancellationToken)
    {
        if (blobs.Exists(path))
            return;
        using var rendered = new MemoryStream();
        render(rendered);
        rendered.Position = 0;
        // BlobStore writes through a temporary file, so concurrent first requests never serve half a PNG.
        await blobs.WriteAsync(path, rendered, cancellationToken);
    }

    private static IResult File(HttpContext http, string fullPath, string contentType)
    {
        var modified = System.IO.File.GetLastWriteTimeUtc(fullPath);
        http.Response.Headers.CacheControl = CacheControl;
        return Results.File(fullPath, contentType, lastModified: modified,
            entityTag: new EntityTagHeaderValue($"\"{modified.Ticks:x}-{new FileInfo(fullPath).Length:x}\""));
    }

    private static IResult NoSample(int sampleId) =>
        Results.Problem($"There is no sample {sampleId}.", statusCode: StatusCodes.Status404NotFound);

    private sealed record SampleFiles(int DatasetId, string Stem, string ImagePath, string? MaskPath);
}
