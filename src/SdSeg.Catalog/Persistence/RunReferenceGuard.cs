using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Models;
using SdSeg.Catalog.Runs;

namespace SdSeg.Catalog.Persistence;

/// <summary>Refuses to save the deletion of a dataset, split or model that a surviving run refers to.</summary>
/// <remarks>
/// EF Core nulls the foreign keys of tracked optional dependents when their principal is deleted, whatever the
/// delete behaviour, so the database constraint alone would let a loaded run silently lose its references.
/// </remarks>
internal static class RunReferenceGuard
{
    public static async Task CheckAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var deleted = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Deleted).Select(e => e.Entity).ToList();
        if (deleted.Count == 0)
            return;
        var runsBeingDeleted = deleted.OfType<Run>().Select(r => r.Id).ToHashSet();

        foreach (var dataset in deleted.OfType<Dataset>())
        {
            var id = dataset.Id;
            await ThrowIfUsedAsync(db.Runs.Where(r => r.DatasetId == id || db.Splits.Any(s => s.Id == r.SplitId && s.DatasetId == id)), "Dataset", dataset.Name);
        }
        foreach (var split in deleted.OfType<Split>())
        {
            var id = split.Id;
            await ThrowIfUsedAsync(db.Runs.Where(r => r.SplitId == id), "Split", $"#{split.Id} (seed {split.Seed})");
        }
        foreach (var model in deleted.OfType<ModelEntry>())
        {
            var id = model.Id;
            await ThrowIfUsedAsync(db.Runs.Where(r => r.ModelId == id), "Model", model.Name);
        }

        async Task ThrowIfUsedAsync(IQueryable<Run> referencing, string kind, string name)
        {
            var runIds = await referencing.AsNoTracking().Select(r => r.Id).ToListAsync(cancellationToken);
            var surviving = runIds.Count(runId => !runsBeingDeleted.Contains(runId));
            if (surviving > 0)
                throw new UsedByRunsException(kind, name, surviving);
        }
    }
}
