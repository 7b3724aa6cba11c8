using System.IO.Compression;
using SdSeg.Engine.Datasets;
using SdSeg.Workbench.Datasets;
using SdSeg.Workbench.Tests.Datasets;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>Dataset zips and names built to mislead: races for one name, entries the layout skips, disguised and look-alike names, unknown layouts.</summary>
[Trait("Category", "Hostile")]
public sealed class UploadTests : IDisposable
{
    private readonly DatasetTestFactory factory = new();

    public void Dispose() => factory.Dispose();

    private string UploadsRoot => Path.Combine(factory.DataRoot, "uploads");

    [Fact]
    public async Task Two_imports_racing_for_one_name_give_one_dataset_and_a_clear_name_taken_and_leave_no_upload_behind()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "race.zip", pairs: 3);
        var first = await factory.UploadAsync(zip);
        var second = await factory.UploadAsync(zip);

        var imports = new[] { first, second }.Select(i => Task.Run(() => factory.Uploads.ImportAsync(i, "kvasir", validPairsOnly: false))).ToList();
        await Task.WhenAll(imports.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal(1, imports.Count(t => t.IsCompletedSuccessfully));
        var lost = imports.Single(t => t.IsFaulted);
        var taken = Assert.IsType<DatasetNameTakenException>(lost.Exception!.InnerException);
        Assert.Contains("already exists", taken.Message, StringComparison.Ordinal);
        await using (var db = factory.OpenCatalog())
            Assert.Single(db.Datasets);
        Assert.Single(Directory.GetDirectories(Path.Combine(factory.DataRoot, "blobs", "datasets")));

        // The loser tries another name with the same upload, then its folder goes like any imported upload's.
        var loser = lost == imports[0] ? first : second;
        var renamed = await factory.Uploads.ImportAsync(loser, "kvasir-2", validPairsOnly: false);
        Assert.Equal(3, renamed.SampleCount);
        Assert.Empty(Directory.GetDirectories(UploadsRoot));
    }

    [Fact]
    public async Task Hidden_files_macos_metadata_and_unread_sub_folders_are_reported_not_dropped_silently()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "extras.zip", pairs: 2);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            foreach (var name in new[] { "images/.case5.png", "images/extra/case9.png", ".DS_Store", "__MACOSX/images/._case0.png", "__MACOSX/images/._case1.png" })
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write("not read");
            }
        }

        var report = (await factory.UploadAsync(zip)).Report!;

        var skipped = report.Issues.Where(i => i.Kind == ImportIssueKind.SkippedFile).ToList();
        Assert.Equal([".DS_Store", "__MACOSX/", "images/.case5.png", "images/extra/case9.png"], skipped.Select(i => i.File).Order(StringComparer.Ordinal));
        Assert.All(skipped, i => Assert.Equal(ImportIssueSeverity.Warning, i.Severity));
        Assert.Contains("2 file(s) of macOS metadata", skipped.Single(i => i.File == "__MACOSX/").Message, StringComparison.Ordinal);
        Assert.Contains("'images/extra/'", skipped.Single(i => i.File == "images/extra/case9.png").Message, StringComparison.Ordinal);
        Assert.Equal(2, report.Samples.Count);
    }

    [Fact]
    public async Task An_entry_name_with_a_right_to_left_override_is_refused_naming_it()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "rtlo.zip", pairs: 2, extraEntry: "images/report\u202Egnp.exe");

        var inspection = await factory.UploadAsync(zip);

        Assert.Null(inspection.Report);
        Assert.Contains("U+202E", inspection.Refusal, StringComparison.Ordinal);
        Assert.False(Directory.Exists(inspection.Upload.ExtractionFolder) && Directory.EnumerateFileSystemEntries(inspection.Upload.ExtractionFolder).Any());
    }

    [Fact]
    public async Task Entries_whose_names_differ_only_in_unicode_form_are_refused_as_one_name_twice()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "lookalike.zip", pairs: 2, extraEntry: "images/caf\u00E9.txt");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        using (var writer = new StreamWriter(archive.CreateEntry("images/cafe\u0301.txt").Open()))
            writer.Write("the same name, decomposed");

        var inspection = await factory.UploadAsync(zip);

        Assert.Null(inspection.Report);
        Assert.Contains("appears twice", inspection.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dataset_names_are_taken_in_one_unicode_form_and_direction_controls_are_refused()
    {
        var zip = DatasetZipBuilder.Write(factory.ZipFolder, "names.zip", pairs: 2);

        var disguised = await Assert.ThrowsAsync<ArgumentException>(() => factory.Uploads.ImportAsync(factory.UploadAsync(zip).Result, "scan\u202Etxt.exe", false));
        Assert.Contains("U+202E", disguised.Message, StringComparison.Ordinal);

        var composed = await factory.Uploads.ImportAsync(await factory.UploadAsync(zip), "caf\u00E9", validPairsOnly: false);
        Assert.Equal("caf\u00E9", composed.Name);
        await Assert.ThrowsAsync<DatasetNameTakenException>(async () => await factory.Uploads.ImportAsync(await factory.UploadAsync(zip), "cafe\u0301", validPairsOnly: false));
    }

    [Fact]
    public async Task A_zip_of_no_known_layout_is_refused_from_its_listing_before_anything_is_extracted()
    {
        var zip = Path.Combine(factory.ZipFolder, "unknown.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "stuff/notes.txt", "stuff/photo.png", "other/data.bin" })
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(new byte[2 * 1024 * 1024]);
            }
        }

        var inspection = await factory.UploadAsync(zip);

        Assert.Null(inspection.Report);
        Assert.Contains("No known dataset layout", inspection.Refusal, StringComparison.Ordinal);
        Assert.False(Directory.Exists(inspection.Upload.ExtractionFolder), "The zip was extracted before its layout was refused.");
    }
}
