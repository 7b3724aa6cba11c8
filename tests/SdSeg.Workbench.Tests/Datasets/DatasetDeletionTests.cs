using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Tests.Datasets;

public sealed class DatasetDeletionTests : IDisposable
{
    private readonly DatasetTestFactory factory = new();

    [Fact]
    public async Task A_dataset_used_by_a_run_is_refused_with_the_catalogs_message_and_keeps_its_files()
    {
        var dataset = await ImportAsync("used");
        await using (var db = factory.OpenCatalog())
        {
            db.Runs.Add(new Run { Kind = RunKind.Train, Status = RunStatus.Queued, SpecJson = "{}", RunDirectory = "runs/1", DatasetId = dataset, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var ex = await Assert.ThrowsAsync<UsedByRunsException>(() => factory.Deletion.DeleteAsync(dataset));

        Assert.Equal("Dataset 'used' is used by 1 run(s); delete those runs before deleting the dataset.", ex.Message);
        await using var check = factory.OpenCatalog();
        Assert.Equal(3, await check.Samples.CountAsync(s => s.DatasetId == dataset));
        Assert.True(Directory.Exists(factory.Blobs.GetFullPath(DatasetFolders.Of(dataset))));
        Assert.Equal(dataset, (await check.Runs.SingleAsync()).DatasetId);
    }

    [Fact]
    public async Task Deleting_an_unused_dataset_removes_its_rows_and_files_and_leaves_others()
    {
        var doomed = await ImportAsync("doomed");
        var kept = await ImportAsync("kept");

        Assert.True(await factory.Deletion.DeleteAsync(doomed));

        await using var db = factory.OpenCatalog();
        Assert.Equal(["kept"], await db.Datasets.Select(d => d.Name).ToListAsync());
        Assert.Equal(0, await db.Samples.CountAsync(s => s.DatasetId == doomed));
        Assert.Equal(0, await db.Splits.CountAsync(s => s.DatasetId == doomed));
        Assert.False(Directory.Exists(factory.Blobs.GetFullPath(DatasetFolders.Of(doomed))));
        Assert.True(Directory.Exists(factory.Blobs.GetFullPath(DatasetFolders.Of(kept))));
        Assert.False(await factory.Deletion.DeleteAsync(doomed));
    }

    private async Task<int> ImportAsync(string name)
    {
        var inspection = await factory.UploadAsync(DatasetZipBuilder.Write(factory.ZipFolder, name + ".zip", pairs: 3));
        return (await factory.Uploads.ImportAsync(inspection, name, validPairsOnly: false)).Id;
    }

    public void Dispose() => factory.Dispose();
}
