using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;

namespace SdSeg.Workbench.Api;

/// <summary>The dataset endpoints of the API: <c>GET datasets</c>.</summary>
public static class DatasetsApi
{
    /// <summary>Maps <c>GET datasets</c> on the API group.</summary>
    public static RouteGroupBuilder MapDatasetsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/datasets", ListAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(IDbContextFactory<CatalogDbContext> catalog, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Splits).OrderBy(d => d.Name).ToListAsync(cancellationToken);
        var listed = datasets.Select(d => new ApiDataset(
            d.Id, d.Name, d.Description, d.SampleCount, d.CreatedAt,
            [.. d.Splits.OrderBy(s => s.CreatedAt).Select(s => new ApiSplit(
                s.Id, s.Seed, s.TrainFraction, s.ValidationFraction, s.TestFraction, s.TrainStems.Count, s.ValidationStems.Count, s.TestStems.Count))]));
        return Results.Json(listed.ToList(), ApiJson.Options);
    }
}
