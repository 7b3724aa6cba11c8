using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Storage;

namespace SdSeg.Workbench.Models;

/// <summary>Serves a model's weights file as a download named after the model.</summary>
public static class ModelWeightsEndpoints
{
    /// <summary>Maps <c>/api/models/{id}/weights</c>.</summary>
    public static IEndpointRouteBuilder MapModelWeights(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/models/{modelId:int}/weights", WeightsAsync);
        return endpoints;
    }

    /// <summary>The download's file name: the model's name made safe for file systems, with the weights file's extension.</summary>
    public static string DownloadName(string modelName, string weightsPath)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat([' ', '#', '%', '&', '?', ':', '\\', '*', '"', '<', '>', '|']).ToHashSet();
        var safe = new string(modelName.Trim().Select(c => invalid.Contains(c) || char.IsControl(c) ? '-' : c).ToArray()).Trim('-', '.');
        return (safe.Length == 0 ? "model" : safe) + Path.GetExtension(weightsPath);
    }

    private static async Task<IResult> WeightsAsync(int modelId, IDbContextFactory<CatalogDbContext> catalog, BlobStore blobs, HttpContext http)
    {
        await using var db = await catalog.CreateDbContextAsync(http.RequestAborted);
        var model = await db.Models.AsNoTracking().Where(m => m.Id == modelId).Select(m => new { m.Name, m.WeightsPath }).SingleOrDefaultAsync(http.RequestAborted);
        if (model is null)
            return Results.Problem($"There is no model {modelId}.", statusCode: StatusCodes.Status404NotFound);
        string path;
        try
        {
            path = blobs.GetFullPath(model.WeightsPath);
        }
        catch (ArgumentException e)
        {
            return Results.Problem($"Model {modelId}'s weights path is not valid: {e.Message}", statusCode: StatusCodes.Status500InternalServerError);
        }
        if (!File.Exists(path))
            return Results.Problem($"Model '{model.Name}' has no weights file at '{model.WeightsPath}'; it was deleted or moved.", statusCode: StatusCodes.Status404NotFound);
        // Weights can be gigabytes: stream from disk with range support, never buffer.
        return Results.File(path, "application/octet-stream", DownloadName(model.Name, model.WeightsPath), enableRangeProcessing: true);
    }
}
