using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Datasets;
using SdSeg.Engine.Datasets;
using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Tests.Datasets;

public sealed class DatasetUploadServiceTests : IDisposable
{
    private readonly DatasetTestFactory factory = new();

    [Fact]
    public async Task A_clean_zip_is_imported_into_the_catalog_and_the_blob_store_with_thumbnails_and_a_recorded_split()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "polyps.zip", pairs: 8);

        var inspection = await factory.UploadAsync(zip);
        Assert.Null(inspection.Refusal);
        Assert.Equal(DatasetLayoutKind.Generic, inspection.Report!.Layout.Kind);
        Assert.False(inspection.Report.HasErrors);
        Assert.Equal(8, inspection.Report.Samples.Count);

        var imported = await factory.Uploads.ImportAsync(inspection, "polyps", validPairsOnly: false);

        await using var db = factory.OpenCatalog();
        var dataset = await db.Datasets.Include(d => d.Samples).Include(d => d.Splits).SingleAsync();
        Assert.Equal(imported.Id, dataset.Id);
        Assert.Equal(("polyps", "polyps.zip", 8), (dataset.Name, dataset.Source, dataset.SampleCount));
        Assert.Contains("generic", dataset.Description);
        var case2 = dataset.Samples.Single(s => s.Stem == "case2");
        Assert.Equal((DatasetZipBuilder.Width, DatasetZipBuilder.Height), (case2.Width, case2.Height));
        Assert.Equal(DatasetZipBuilder.ForegroundPixels(2) / (double)(DatasetZipBuilder.Width * DatasetZipBuilder.Height), case2.ForegroundFraction!.Value, 1e-6);
        Assert.Equal(SampleFlags.None, case2.Flags);
        Assert.Equal($"datasets/{dataset.Id}/images/case2.png", case2.ImagePath);
        Assert.Equal($"datasets/{dataset.Id}/masks/case2.png", case2.MaskPath);

        var split = Assert.Single(dataset.Splits);
        Assert.Equal((0, 0.8, 0.1, 0.1), (split.Seed, split.TrainFraction, split.ValidationFraction, split.TestFraction));
        Assert.Equal(8, split.TrainStems.Count + split.ValidationStems.Count + split.TestStems.Count);
        Assert.Equal(DatasetSplit.Create(dataset.Samples.Select(s => s.Stem), 0).Train, split.TrainStems);

        foreach (var sample in dataset.Samples)
        {
            Assert.True(factory.Blobs.Exists(sample.ImagePath), sample.ImagePath);
            Assert.True(factory.Blobs.Exists(sample.MaskPath!), sample.MaskPath);
            Assert.True(factory.Blobs.Exists(DatasetFolders.Thumbnail(dataset.Id, sample.Stem)), $"thumbnail of {sample.Stem}");
        }

        var recorded = File.ReadAllLines(factory.Blobs.GetFullPath($"{DatasetFolders.Split(dataset.Id)}/train.txt"));
        Assert.Equal(split.TrainStems.Order(StringComparer.Ordinal), recorded);
        Assert.True(factory.Blobs.Exists($"datasets/{dataset.Id}/dataset.json"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(factory.DataRoot, "uploads")));
    }

    [Fact]
    public async Task A_mismatched_pair_is_reported_and_only_an_explicit_valid_only_import_goes_ahead()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "mixed.zip", pairs: 6, mismatchedStem: "case3");

        var inspection = await factory.UploadAsync(zip);
        var report = inspection.Report!;
        var issue = Assert.Single(report.Issues, i => i.Severity == ImportIssueSeverity.Error);
        Assert.Equal((ImportIssueKind.SizeMismatch, "case3", "masks/case3.png"), (issue.Kind, issue.Stem, issue.File));
        Assert.Contains("28x16", issue.Message);
        Assert.Equal(5, report.Samples.Count);

        var refused = await Assert.ThrowsAsync<DatasetImportException>(() => factory.Uploads.ImportAsync(inspection, "mixed", validPairsOnly: false));
        Assert.Contains("import the valid pairs only", refused.Message);
        await using (var db = factory.OpenCatalog())
            Assert.Empty(await db.Datasets.ToListAsync());
        Assert.False(Directory.Exists(factory.Blobs.GetFullPath("datasets")) && Directory.EnumerateFileSystemEntries(factory.Blobs.GetFullPath("datasets")).Any());

        var imported = await factory.Uploads.ImportAsync(inspection, "mixed", validPairsOnly: true);

        await using var check = factory.OpenCatalog();
        var stems = await check.Samples.Where(s => s.DatasetId == imported.Id).Select(s => s.Stem).ToListAsync();
        Assert.Equal(["case0", "case1", "case2", "case4", "case5"], stems.Order());
        Assert.Contains("1 left out", imported.Description);
    }

    [Fact]
    public async Task A_zip_with_a_path_traversal_entry_is_refused_with_its_message_and_nothing_lands_outside_the_data_root()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "hostile.zip", pairs: 2, extraEntry: "../evil.txt");

        var inspection = await factory.UploadAsync(zip);

        Assert.Null(inspection.Report);
        Assert.False(inspection.CanImport);
        Assert.Contains("Refused archive 'hostile.zip'", inspection.Refusal);
        Assert.Contains("'../evil.txt'", inspection.Refusal);
        Assert.False(File.Exists(Path.Combine(inspection.Upload.WorkFolder, "evil.txt")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(factory.DataRoot)!, "evil.txt")));
        Assert.Empty(Directory.EnumerateFiles(factory.DataRoot, "evil.txt", SearchOption.AllDirectories));
        await Assert.ThrowsAsync<InvalidOperationException>(() => factory.Uploads.ImportAsync(inspection, "hostile", validPairsOnly: true));
    }

    [Fact]
    public async Task A_zip_without_a_known_layout_is_refused_with_what_was_looked_for()
    {
        var path = Path.Combine(factory.ZipFolder, "notes.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        using (var writer = new StreamWriter(archive.CreateEntry("readme.txt").Open()))
            writer.Write("no images here");

        var inspection = await factory.UploadAsync(path);

        Assert.StartsWith("No known dataset layout in 'notes.zip'", inspection.Refusal);
        Assert.Contains("Looked for:", inspection.Refusal);
    }

    [Fact]
    public async Task A_taken_name_is_refused_before_anything_is_written()
    {
        var first = await factory.UploadAsync(DatasetZipBuilder.Write(factory.ZipFolder, "a.zip", pairs: 2));
        await factory.Uploads.ImportAsync(first, "same", validPairsOnly: false);
        var second = await factory.UploadAsync(DatasetZipBuilder.Write(factory.ZipFolder, "b.zip", pairs: 2));

        var ex = await Assert.ThrowsAsync<DatasetNameTakenException>(() => factory.Uploads.ImportAsync(second, "same", validPairsOnly: false));

        Assert.Equal("A dataset named 'same' already exists; choose another name.", ex.Message);
        Assert.False(Directory.Exists(second.Upload.ImportFolder));
    }

    [Fact]
    public async Task Inspection_writes_the_valid_pairs_once_and_the_import_takes_that_copy_without_reading_the_upload_again()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "once.zip", pairs: 6, mismatchedStem: "case3");

        var inspection = await factory.UploadAsync(zip);

        // The same report as a plain scan of the same files.
        var scanned = new DatasetScanner().Scan(inspection.Report!.Layout);
        Assert.Equal(scanned.Issues, inspection.Report.Issues);
        Assert.Equal(scanned.Samples, inspection.Report.Samples);
        Assert.Equal(scanned.IgnoredFiles, inspection.Report.IgnoredFiles);
        var prepared = DatasetManifest.Read(inspection.Upload.PreparedFolder);
        Assert.Equal(["case0", "case1", "case2", "case4", "case5"], prepared.Stems());

        // Without the extracted files, only the copy written during inspection can feed the import.
        Directory.Delete(inspection.Upload.ExtractionFolder, recursive: true);
        var imported = await factory.Uploads.ImportAsync(inspection, "once", validPairsOnly: true);

        Assert.Equal(5, imported.SampleCount);
        var manifest = DatasetManifest.Read(factory.Blobs.GetFullPath(DatasetFolders.Of(imported.Id)));
        Assert.Equal("once", manifest.Name);
        Assert.Equal((6, 5, 1), (manifest.PairsFound, manifest.SampleCount, manifest.ExcludedCount));
        Assert.Equal(inspection.Report.Issues, manifest.Issues);
        foreach (var sample in manifest.Samples)
            Assert.True(factory.Blobs.Exists($"{DatasetFolders.Thumbnail(imported.Id, sample.Stem)}"), sample.Stem);
    }

    [Fact]
    public async Task A_zip_without_a_valid_pair_is_reported_and_cannot_be_imported()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "broken.zip", pairs: 1, mismatchedStem: "case0");

        var inspection = await factory.UploadAsync(zip);

        Assert.False(inspection.CanImport);
        Assert.Equal(ImportIssueKind.SizeMismatch, Assert.Single(inspection.Report!.Issues).Kind);
        Assert.False(Directory.Exists(inspection.Upload.PreparedFolder));
        var refused = await Assert.ThrowsAsync<DatasetImportException>(() => factory.Uploads.ImportAsync(inspection, "broken", validPairsOnly: true));
        Assert.StartsWith("Import stopped: no valid image/mask pair was found.", refused.Message);
    }

    public void Dispose() => factory.Dispose();
}
