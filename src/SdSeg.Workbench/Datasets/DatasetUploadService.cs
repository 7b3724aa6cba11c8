using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SdSeg.Catalog;
using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Storage;
using SdSeg.Engine.Datasets;
using SdSeg.Imaging.Archives;
using SdSeg.Imaging.Text;

namespace SdSeg.Workbench.Datasets;

/// <summary>
/// Takes a dataset zip from upload to catalog: receives it into a work folder under the data root, extracts and scans it,
/// and on the user's explicit choice imports it into <c>&lt;blobs&gt;/datasets/&lt;id&gt;</c> with thumbnails and a recorded default split.
/// Work folders are tracked while an upload is in use, so <see cref="RemoveAbandonedUploads"/> only ever removes leftovers.
/// </summary>
public sealed class DatasetUploadService(
    IOptions<CatalogOptions> catalogOptions,
    IOptions<DatasetUploadOptions> uploadOptions,
    IDbContextFactory<CatalogDbContext> catalogFactory,
    BlobStore blobs,
    DatasetPreviewRenderer previews,
    DatasetChangeNotifier notifier,
    ILogger<DatasetUploadService> logger)
{
    /// <summary>Seed of the split every import records.</summary>
    public const int DefaultSplitSeed = 0;

    private const int CopyBufferBytes = 81920;

    // Names of the work folders received and not yet discarded or imported by this process.
    private readonly ConcurrentDictionary<string, byte> inUse = new(StringComparer.Ordinal);

    /// <summary>The largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes => uploadOptions.Value.MaxUploadBytes;

    private string UploadsRoot => Path.Combine(catalogOptions.Value.DataRootFullPath, "uploads");

    /// <summary>Streams <paramref name="content"/> to a new work folder's <c>upload.zip</c>, reporting bytes received; never buffers it in memory.</summary>
    /// <exception cref="UploadTooLargeException">The declared or received size is above the limit (nothing is kept).</exception>
    /// <exception cref="ArgumentException">The file is not a .zip.</exception>
    public async Task<UploadedArchive> ReceiveAsync(
        Stream content, string fileName, long declaredBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName(fileName ?? "");
        if (!name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{name}' is not a .zip file; upload the dataset as one zip archive.", nameof(fileName));
        if (declaredBytes > MaxUploadBytes)
            throw new UploadTooLargeException(name, MaxUploadBytes);

        var folderName = Guid.NewGuid().ToString("N");
        // Registered before the folder exists, so a sweep never sees it unregistered.
        inUse[folderName] = 0;
        var upload = new UploadedArchive(Path.Combine(UploadsRoot, folderName), name, 0);
        Directory.CreateDirectory(upload.WorkFolder);
        try
        {
            long received = 0;
            var buffer = new byte[CopyBufferBytes];
            await using (var file = new FileStream(upload.ZipPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes, useAsync: true))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    received += read;
                    if (received > MaxUploadBytes)
                        throw new UploadTooLargeException(name, MaxUploadBytes);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report(received);
                }
            }

            return upload with { SizeBytes = received };
        }
        catch
        {
            Discard(upload);
            throw;
        }
    }

    /// <summary>
    /// Extracts the zip safely, detects its layout and scans every pair; a refused zip gives the specific reason instead.
    /// The scan also writes the normalised copy of the valid pairs to <see cref="UploadedArchive.PreparedFolder"/> while each pair is
    /// decoded anyway, so <see cref="ImportAsync"/> does not decode the whole dataset a second time.
    /// </summary>
    public UploadInspection Inspect(UploadedArchive upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        try
        {
            var layout = DatasetLayoutDetector.DetectFolderOrArchive(upload.ZipPath, upload.ExtractionFolder);
            if (Directory.Exists(upload.PreparedFolder))
                Directory.Delete(upload.PreparedFolder, recursive: true);
            ImportReport report;
            try
            {
                // The report is the scan's whatever ImportValidOnly says; valid-only just lets the copy be written despite errors.
                report = new DatasetImporter(ScanOptions(validOnly: true, name: null)).Import(layout, upload.PreparedFolder, upload.FileName).Report;
            }
            catch (DatasetImportException ex)
            {
                // No valid pair: nothing was written, and the report says why.
                report = ex.Report;
            }
            return new UploadInspection(upload, report, null);
        }
        catch (Exception ex) when (ex is UnsafeArchiveException or UnknownDatasetLayoutException)
        {
            // Messages name the server's work folder; the user knows the zip by its own name.
            var message = ex.Message.Replace(upload.ExtractionFolder, upload.FileName, StringComparison.Ordinal)
                .Replace(upload.ZipPath, upload.FileName, StringComparison.Ordinal)
                .Replace("'upload.zip'", $"'{upload.FileName}'", StringComparison.Ordinal);
            return new UploadInspection(upload, null, message);
        }
    }

    /// <summary>
    /// Imports an inspected upload as dataset <paramref name="name"/>: the normalised files, thumbnails and a seeded split
    /// (<paramref name="proportions"/>, 0.8/0.1/0.1 by default, with <paramref name="splitSeed"/>, 0 by default) go to
    /// <c>datasets/&lt;id&gt;</c> in the blob store, and the dataset, its samples and the split to the catalog, all or nothing.
    /// With errors in the report, only <paramref name="validPairsOnly"/> imports (the valid pairs); otherwise <see cref="DatasetImportException"/>.
    /// </summary>
    public async Task<Dataset> ImportAsync(UploadInspection inspection, string name, bool validPairsOnly, SplitProportions? proportions = null,
        int splitSeed = DefaultSplitSeed, CancellationToken cancellationToken = default)
    {
        proportions ??= SplitProportions.Default;
        ArgumentNullException.ThrowIfNull(inspection);
        if (inspection.Report is not { } report)
            throw new InvalidOperationException($"'{inspection.Upload.FileName}' was refused and cannot be imported: {inspection.Refusal}");
        name = UnicodeNames.Normalize((name ?? "").Trim());
        if (name.Length is 0 or > 200)
            throw new ArgumentException("A dataset name needs 1 to 200 characters.", nameof(name));
        if (UnicodeNames.Problem(name) is { } problem)
            throw new ArgumentException($"The dataset name {problem}; type it again without it.", nameof(name));

        await using (var db = await catalogFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Datasets.AnyAsync(d => d.Name == name, cancellationToken))
                throw new DatasetNameTakenException(name);
        }

        var upload = inspection.Upload;
        var (result, split) = await Task.Run(() => BuildDatasetFolder(upload, report, name, validPairsOnly, proportions, splitSeed), cancellationToken);
        Dataset dataset;
        try
        {
            dataset = await RecordAsync(upload, result, split, name, proportions, splitSeed, cancellationToken);
        }
        catch (DatasetNameTakenException)
        {
            // The built copy goes back where the next attempt (under another name) takes it from, instead of scanning again.
            if (Directory.Exists(upload.ImportFolder) && !Directory.Exists(upload.PreparedFolder))
                Directory.Move(upload.ImportFolder, upload.PreparedFolder);
            throw;
        }
        Discard(upload);
        logger.LogInformation("Imported dataset {Name} (#{Id}) with {Samples} samples from {File}", dataset.Name, dataset.Id, dataset.SampleCount, upload.FileName);
        await notifier.NotifyAsync();
        return dataset;
    }

    /// <summary>Removes an upload's work folder (the zip, its extraction and any half-built dataset).</summary>
    public void Discard(UploadedArchive upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        try
        {
            if (Directory.Exists(upload.WorkFolder))
                Directory.Delete(upload.WorkFolder, recursive: true);
        }
        finally
        {
            // A folder that could not be deleted now is left to RemoveAbandonedUploads.
            inUse.TryRemove(Path.GetFileName(upload.WorkFolder), out _);
        }
    }

    /// <summary>
    /// Deletes upload work folders that no upload of this process is using and that nothing was written to since
    /// <paramref name="lastActivityBeforeUtc"/>: leftovers of a crash, a failed discard or an earlier run of the app. Logs each one removed.
    /// </summary>
    /// <returns>The folders removed.</returns>
    public IReadOnlyList<string> RemoveAbandonedUploads(DateTime lastActivityBeforeUtc)
    {
        if (!Directory.Exists(UploadsRoot))
            return [];
        var removed = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(UploadsRoot))
        {
            var folderName = Path.GetFileName(folder);
            // Only the folders ReceiveAsync makes; anything else under uploads/ is not ours to delete.
            if (!Guid.TryParseExact(folderName, "N", out _) || inUse.ContainsKey(folderName))
                continue;
            try
            {
                var lastActivity = LastWriteTimeUtc(new DirectoryInfo(folder));
                if (lastActivity >= lastActivityBeforeUtc)
                    continue;
                Directory.Delete(folder, recursive: true);
                removed.Add(folder);
                logger.LogInformation("Removed abandoned upload work folder {Folder} (last written {LastActivity:u})", folder, lastActivity);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not remove abandoned upload work folder {Folder}", folder);
            }
        }
        return removed;
    }

    // The newest write anywhere in the tree: an extraction or scan still writing keeps the folder fresh.
    private static DateTime LastWriteTimeUtc(DirectoryInfo folder) =>
        folder.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Select(e => e.LastWriteTimeUtc).Append(folder.LastWriteTimeUtc).Max();

    private (ImportResult Result, DatasetSplit Split) BuildDatasetFolder(UploadedArchive upload, ImportReport report, string name, bool validPairsOnly,
        SplitProportions proportions, int splitSeed)
    {
        if (report.HasErrors && !validPairsOnly)
            throw DatasetImportException.ErrorsFound(report);
        if (report.Samples.Count == 0)
            throw DatasetImportException.NoValidPair(report);
        if (Directory.Exists(upload.ImportFolder))
            Directory.Delete(upload.ImportFolder, recursive: true);
        ImportResult result;
        if (File.Exists(Path.Combine(upload.PreparedFolder, DatasetManifest.FileName)))
        {
            Directory.Move(upload.PreparedFolder, upload.ImportFolder);
            var manifest = DatasetManifest.Read(upload.ImportFolder) with { Name = name, ImportedAt = DateTimeOffset.UtcNow };
            manifest.Write(upload.ImportFolder);
            result = new ImportResult(upload.ImportFolder, manifest, report);
        }
        else
        {
            // The prepared copy is gone (an earlier attempt moved it and then failed): scan and write again.
            result = new DatasetImporter(ScanOptions(validPairsOnly, name)).Import(report.Layout, upload.ImportFolder, upload.FileName);
        }

        var thumbnails = Path.Combine(result.DatasetFolder, "thumbnails");
        Directory.CreateDirectory(thumbnails);
        Parallel.ForEach(result.Manifest.Samples, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, sample =>
        {
            using var file = File.Create(Path.Combine(thumbnails, sample.Stem + ".png"));
            previews.WriteThumbnail(Path.Combine(result.DatasetFolder, sample.ImagePath), file);
        });

        var split = DatasetSplit.Create(result.Manifest.Stems(), splitSeed, proportions);
        split.Write(Path.Combine(result.DatasetFolder, DatasetSplit.DefaultFolderName));
        return (result, split);
    }

    // The catalog rows need the dataset's id for their paths, so the folder moves into place inside the transaction.
    private async Task<Dataset> RecordAsync(UploadedArchive upload, ImportResult result, DatasetSplit split, string name,
        SplitProportions proportions, int splitSeed, CancellationToken cancellationToken)
    {
        var manifest = result.Manifest;
        await using var db = await catalogFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var dataset = new Dataset
        {
            Name = name,
            Source = upload.FileName,
            CreatedAt = now,
            SampleCount = manifest.SampleCount,
            Description = $"{result.Report.Layout.DisplayName} layout; {manifest.SampleCount} pair(s) imported"
                + (manifest.ExcludedCount > 0 ? $", {manifest.ExcludedCount} left out for errors." : "."),
        };
        db.Datasets.Add(dataset);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // Another import took the name between the check in ImportAsync and now (the name is the only unique column).
            throw new DatasetNameTakenException(name);
        }

        var folder = DatasetFolders.Of(dataset.Id);
        dataset.Samples.AddRange(manifest.Samples.Select(s => new Sample
        {
            Stem = s.Stem,
            ImagePath = $"{folder}/{s.ImagePath}",
            MaskPath = $"{folder}/{s.MaskPath}",
            Width = s.Width,
            Height = s.Height,
            ForegroundFraction = s.ForegroundFraction,
            Flags = (s.NonBinaryPixelCount > 0 ? SampleFlags.MaskBinarised : SampleFlags.None)
                | (s.ForegroundFraction == 0 ? SampleFlags.EmptyMask : SampleFlags.None),
        }));
        dataset.Splits.Add(new Split
        {
            Seed = splitSeed,
            TrainFraction = proportions.Train,
            ValidationFraction = proportions.Validation,
            TestFraction = proportions.Test,
            TrainStems = [.. split.Train],
            ValidationStems = [.. split.Validation],
            TestStems = [.. split.Test],
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);

        var target = blobs.GetFullPath(folder);
        // SQLite may hand out the id of a deleted dataset again; no catalog row refers to a leftover folder of that id.
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(result.DatasetFolder, target);
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            Directory.Delete(target, recursive: true);
            throw;
        }

        return dataset;
    }

    private static ImportOptions ScanOptions(bool validOnly, string? name) => new()
    {
        ImportValidOnly = validOnly,
        Name = name,
        // Leave one core to the web server's other circuits.
        MaxParallelism = Math.Max(1, Environment.ProcessorCount - 1),
    };
}
