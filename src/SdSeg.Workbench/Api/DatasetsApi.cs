using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Api;

/// <summary>The dataset endpoints of the API: <c>GET datasets</c> and <c>DELETE datasets/{id}</c>.</summary>
public static class DatasetsApi
{
    /// <summary>Maps <c>GET datasets</c> and <c>DELETE datasets/{id}</c> (admins and researchers only) on the API group.</summary>
    public static RouteGroupBuilder MapDatasetsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/datasets", ListAsync);
        api.MapDelete("/datasets/{id:int}", DeleteAsync).RequireAuthorization(WorkbenchRoles.CanChangePolicy);
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

    private static async Task<IResult> DeleteAsync(int id, DatasetDeletionService deletion, CancellationToken cancellationToken)
    {
        try
        {
            return await deletion.DeleteAsync(id, cancellationToken)
                ? Results.NoContent()
                : Results.Problem($"Dataset {id} is not in the catalog.", statusCode: StatusCodes.Status404NotFound, title: "Dataset not found");
        }
        catch (UsedByRunsException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Dataset in use");
        }
    }
}
