using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Runs;
using SdSeg.Catalog.Storage;

namespace SdSeg.Workbench.Datasets;

/// <summary>Deletes a dataset with its samples, splits and files, unless runs still use it.</summary>
public sealed class DatasetDeletionService(
    IDbContextFactory<CatalogDbContext> catalogFactory, BlobStore blobs, DatasetChangeNotifier notifier, ILogger<DatasetDeletionService> logger)
{
    /// <summary>Deletes dataset <paramref name="datasetId"/>; false when there is no such dataset.</summary>
    /// <exception cref="UsedByRunsException">Runs refer to the dataset or one of its splits; nothing was deleted.</exception>
    public async Task<bool> DeleteAsync(int datasetId, CancellationToken cancellationToken = default)
    {
        await using var db = await catalogFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null)
            return false;

        db.Datasets.Remove(dataset);
        // The catalog's guard throws UsedByRunsException here, before anything is deleted, so no run is left pointing at nothing.
        await db.SaveChangesAsync(cancellationToken);
        blobs.DeleteFolder(DatasetFolders.Of(datasetId));
        logger.LogInformation("Deleted dataset {Name} (#{Id}) and its files", dataset.Name, datasetId);
        await notifier.NotifyAsync();
        return true;
    }
}
