using SdSeg.Engine.Datasets;
using SdSeg.Engine.Runs;

namespace SdSeg.Engine.Training;

/// <summary>
/// Gets a run its dataset and split: an imported dataset (dataset.json) is used where it is; any other folder or zip is
/// imported into <c>&lt;run&gt;/dataset/</c> first (the report goes to the log; an import error stops the run with it).
/// The split is the user's split file, else the run's own <c>&lt;run&gt;/split/</c> from an earlier attempt, else a new
/// seeded split; whichever it is, it is written to <c>&lt;run&gt;/split/</c>.
/// </summary>
public static class RunDatasetPreparer
{
    public const string DatasetFolderName = "dataset";

    public static PreparedDataset Prepare(RunDirectory run, string data, string? splitFile, long seed, SplitProportions? proportions, RunLog log)
    {
        var folder = ResolveDataset(run, data, log);
        var stems = DatasetManifest.Read(folder).Stems();
        var runSplit = Path.Combine(run.Path, DatasetSplit.DefaultFolderName);
        DatasetSplit split;
        if (splitFile is not null)
        {
            split = DatasetSplit.Read(ResolvePath(run, splitFile), stems);
            log.Write($"Split: read from {splitFile}.");
        }
        else if (File.Exists(Path.Combine(runSplit, "train.txt")))
        {
            split = DatasetSplit.Read(runSplit, stems);
            log.Write($"Split: kept the run's own split in {runSplit}.");
        }
        else
        {
            proportions ??= SplitProportions.Default;
            split = DatasetSplit.Create(stems, seed, proportions);
            log.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Split: seeded (seed {seed}, proportions {proportions.Train}/{proportions.Validation}/{proportions.Test})."));
        }
        split.Write(runSplit);
        log.Write($"Split: {split.Train.Count} train, {split.Validation.Count} validation, {split.Test.Count} test (written to {runSplit}).");
        if (split.Train.Count == 0)
            throw new InvalidDataException("The training subset of the split is empty.");
        return new PreparedDataset(folder, split);
    }

    /// <summary>A path from a spec: absolute, or relative to the run directory.</summary>
    public static string ResolvePath(RunDirectory run, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(run.Path, path));

    static string ResolveDataset(RunDirectory run, string data, RunLog log)
    {
        var source = ResolvePath(run, data);
        if (Directory.Exists(source) && File.Exists(Path.Combine(source, DatasetManifest.FileName)))
        {
            log.Write($"Dataset: the imported dataset {source}.");
            return source;
        }
        var target = Path.Combine(run.Path, DatasetFolderName);
        if (File.Exists(Path.Combine(target, DatasetManifest.FileName)))
        {
            log.Write($"Dataset: already imported into {target} (from {source}).");
            return target;
        }
        if (!Directory.Exists(source) && !File.Exists(source))
            throw new FileNotFoundException($"The dataset '{source}' does not exist (give a folder, a .zip or an imported dataset).", source);

        var extraction = Path.Combine(run.Path, ".dataset-extract");
        if (Directory.Exists(extraction))
            Directory.Delete(extraction, recursive: true);
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        try
        {
            var layout = DatasetLayoutDetector.DetectFolderOrArchive(source, extraction);
            log.Write($"Dataset: importing {source} into {target}; layout {layout.Explanation}.");
            ImportResult result;
            try
            {
                result = new DatasetImporter().Import(layout, target, source);
            }
            catch (DatasetImportException e)
            {
                log.Write("Import report:" + Environment.NewLine + e.Report.ToText());
                throw;
            }
            log.Write("Import report:" + Environment.NewLine + result.Report.ToText());
            log.Write($"Dataset: imported {result.Manifest.SampleCount} pair(s).");
            return result.DatasetFolder;
        }
        finally
        {
            if (Directory.Exists(extraction))
                Directory.Delete(extraction, recursive: true);
        }
    }
}
