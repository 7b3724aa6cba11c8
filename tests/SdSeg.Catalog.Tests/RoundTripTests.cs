using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Runs;

namespace SdSeg.Catalog.Tests;

public sealed class RoundTripTests : IDisposable
{
    private readonly TemporaryCatalog catalog = new();

    [Fact]
    public async Task Every_entity_reads_back_as_written()
    {
        await using (var db = await catalog.OpenMigratedAsync())
        {
            var dataset = CatalogFixtures.Dataset();
            var model = CatalogFixtures.Model();
            db.Runs.Add(CatalogFixtures.Run(dataset, model));
            await db.SaveChangesAsync();
        }

        await using var read = catalog.Open();
        var run = await read.Runs
            .Include(r => r.Dataset).ThenInclude(d => d!.Samples)
            .Include(r => r.Split)
            .Include(r => r.Model)
            .Include(r => r.PerImageResults)
            .SingleAsync();

        Assert.Equal(RunKind.Evaluate, run.Kind);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal("{\"kind\":\"evaluate\"}", run.SpecJson);
        Assert.Equal(CatalogFixtures.Created, run.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, run.CreatedAt.Kind);
        Assert.Equal(CatalogFixtures.Created.AddMinutes(2), run.FinishedAt);
        Assert.Equal("{\"dice\":0.8}", run.ResultSummaryJson);

        var sample = run.Dataset!.Samples.Single(s => s.Stem == "a");
        Assert.Equal((64, 48, 0.25), (sample.Width, sample.Height, sample.ForegroundFraction));
        Assert.Equal(SampleFlags.MaskBinarised | SampleFlags.ConvertedToRgb, sample.Flags);
        Assert.Null(run.Dataset.Samples.Single(s => s.Stem == "b").MaskPath);

        Assert.Equal(["b"], run.Split!.TrainStems);
        Assert.Empty(run.Split.ValidationStems);
        Assert.Equal(["a"], run.Split.TestStems);
        Assert.Equal(7, run.Split.Seed);

        Assert.Equal("tiny-1", run.Model!.Name);
        Assert.Equal(1234, run.Model.SizeBytes);

        var result = Assert.Single(run.PerImageResults);
        Assert.Equal(("a", 0.8, 0.67, 3.5, 0.9, 0.72), (result.SampleStem, result.Dice, result.Iou, result.Hd95, result.Precision, result.Recall));
    }

    [Fact]
    public async Task Enums_are_stored_as_text()
    {
        await using var db = await catalog.OpenMigratedAsync();
        db.Runs.Add(CatalogFixtures.Run(CatalogFixtures.Dataset()));
        await db.SaveChangesAsync();

        var stored = await db.Database.SqlQueryRaw<string>("SELECT Kind || '/' || Status AS Value FROM Runs").SingleAsync();
        var flags = await db.Database.SqlQueryRaw<string>("SELECT Flags AS Value FROM Samples WHERE Stem = 'a'").SingleAsync();

        Assert.Equal("Evaluate/Succeeded", stored);
        Assert.Equal("MaskBinarised, ConvertedToRgb", flags);
    }

    [Fact]
    public async Task Dataset_names_are_unique()
    {
        await using var db = await catalog.OpenMigratedAsync();
        db.Datasets.Add(CatalogFixtures.Dataset("same"));
        await db.SaveChangesAsync();
        db.Datasets.Add(CatalogFixtures.Dataset("same"));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    public void Dispose() => catalog.Dispose();
}
