using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Runs;

namespace SdSeg.Catalog.Tests;

public sealed class DeleteRuleTests : IDisposable
{
    private readonly TemporaryCatalog catalog = new();

    [Fact]
    public async Task Deleting_a_dataset_that_runs_use_is_refused_with_a_clear_message()
    {
        int datasetId;
        await using (var db = await catalog.OpenMigratedAsync())
        {
            var dataset = CatalogFixtures.Dataset();
            db.Runs.Add(CatalogFixtures.Run(dataset));
            await db.SaveChangesAsync();
            datasetId = dataset.Id;
        }

        // The run is loaded too: EF Core nulls a tracked run's DatasetId in memory, which must not reach the database.
        await using var delete = catalog.Open();
        var loaded = await delete.Datasets.Include(d => d.Samples).Include(d => d.Splits).SingleAsync(d => d.Id == datasetId);
        await delete.Runs.LoadAsync();
        delete.Datasets.Remove(loaded);
        var error = await Assert.ThrowsAsync<UsedByRunsException>(() => delete.SaveChangesAsync());

        Assert.Equal("Dataset 'kvasir-dev' is used by 1 run(s); delete those runs before deleting the dataset.", error.Message);
        await using var check = catalog.Open();
        Assert.Equal(1, await check.Datasets.CountAsync());
        Assert.Equal(2, await check.Samples.CountAsync());
        Assert.NotNull((await check.Runs.SingleAsync()).DatasetId);
    }

    [Fact]
    public async Task The_database_itself_refuses_to_orphan_a_run()
    {
        await using var db = await catalog.OpenMigratedAsync();
        db.Runs.Add(CatalogFixtures.Run(CatalogFixtures.Dataset()));
        await db.SaveChangesAsync();

        // Bypasses the RunReferenceGuard: the foreign key must still hold.
        await Assert.ThrowsAnyAsync<Exception>(() => db.Datasets.ExecuteDeleteAsync());
        Assert.Equal(1, await db.Datasets.CountAsync());
    }

    [Fact]
    public async Task Deleting_an_unused_dataset_removes_its_samples_and_splits()
    {
        int datasetId;
        await using (var db = await catalog.OpenMigratedAsync())
        {
            var dataset = CatalogFixtures.Dataset();
            db.Datasets.AddRange(dataset, CatalogFixtures.Dataset("other"));
            await db.SaveChangesAsync();
            datasetId = dataset.Id;
        }

        await using var delete = catalog.Open();
        delete.Datasets.Remove(await delete.Datasets.SingleAsync(d => d.Id == datasetId));
        await delete.SaveChangesAsync();

        await using var check = catalog.Open();
        Assert.Equal(["other"], await check.Datasets.Select(d => d.Name).ToListAsync());
        Assert.Equal(2, await check.Samples.CountAsync());
        Assert.Equal(1, await check.Splits.CountAsync());
    }

    [Fact]
    public async Task Deleting_a_model_that_runs_use_is_refused()
    {
        await using var db = await catalog.OpenMigratedAsync();
        var model = CatalogFixtures.Model();
        db.Runs.Add(CatalogFixtures.Run(CatalogFixtures.Dataset(), model));
        await db.SaveChangesAsync();

        db.Models.Remove(model);

        var error = await Assert.ThrowsAsync<UsedByRunsException>(() => db.SaveChangesAsync());
        Assert.Equal("Model 'tiny-1' is used by 1 run(s); delete those runs before deleting the model.", error.Message);
    }

    [Fact]
    public async Task Deleting_a_split_that_runs_use_is_refused()
    {
        await using var db = await catalog.OpenMigratedAsync();
        var dataset = CatalogFixtures.Dataset();
        db.Runs.Add(CatalogFixtures.Run(dataset));
        await db.SaveChangesAsync();

        db.Splits.Remove(dataset.Splits[0]);

        await Assert.ThrowsAsync<UsedByRunsException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_dataset_and_its_runs_can_be_deleted_together()
    {
        await using var db = await catalog.OpenMigratedAsync();
        var dataset = CatalogFixtures.Dataset();
        var run = CatalogFixtures.Run(dataset);
        db.Runs.Add(run);
        await db.SaveChangesAsync();

        db.Runs.Remove(run);
        db.Datasets.Remove(dataset);
        await db.SaveChangesAsync();

        Assert.Equal(0, await db.Datasets.CountAsync());
        Assert.Equal(0, await db.PerImageResults.CountAsync());
    }

    [Fact]
    public async Task Deleting_a_run_removes_its_results_and_keeps_the_model_it_trained()
    {
        await using (var db = await catalog.OpenMigratedAsync())
        {
            var run = CatalogFixtures.Run(CatalogFixtures.Dataset());
            db.Runs.Add(run);
            db.Models.Add(CatalogFixtures.Model());
            await db.SaveChangesAsync();
            var trained = await db.Models.SingleAsync();
            trained.OriginRunId = run.Id;
            await db.SaveChangesAsync();
        }

        await using (var delete = catalog.Open())
            await delete.Runs.ExecuteDeleteAsync();

        await using var check = catalog.Open();
        Assert.Equal(0, await check.PerImageResults.CountAsync());
        var model = await check.Models.SingleAsync();
        Assert.Null(model.OriginRunId);
    }

    public void Dispose() => catalog.Dispose();
}
