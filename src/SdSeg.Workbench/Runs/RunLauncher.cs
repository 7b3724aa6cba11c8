using SdSeg.Model.Baseline;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Runs;
using SdSeg.Catalog.Storage;
using SdSeg.Engine.Datasets;
using SdSeg.Engine.Runs;
using SdSeg.Model.Configuration;
using SdSeg.Workbench.Datasets;
using CatalogRunKind = SdSeg.Catalog.Runs.RunKind;
using EngineRunKind = SdSeg.Engine.Runs.RunKind;

namespace SdSeg.Workbench.Runs;

/// <summary>Turns a <see cref="RunRequest"/> into a queued run: checks it against the catalog, writes its run directory and spec, wakes the scheduler.</summary>
public sealed partial class RunLauncher(IDbContextFactory<CatalogDbContext> catalog, BlobStore blobs, RunScheduler scheduler, RunNotifier notifier)
{
    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Folder of the run directories in the blob store.</summary>
    public const string RunsFolder = "runs";

    /// <summary>The presets a train run can start from.</summary>
    public static IReadOnlyList<string> Presets => [.. ConfigSource.PresetNames, .. BaselineConfigSource.PresetNames];

    /// <summary>Queues the run; returns its id. Throws <see cref="RunRequestException"/> naming what is wrong.</summary>
    public async Task<int> QueueAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckSettings(request);
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var folder = $"{RunsFolder}/{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var directory = new RunDirectory(blobs.GetFullPath(folder));
        var run = new Run { Kind = request.Kind, Status = RunStatus.Queued, SpecJson = "", RunDirectory = folder, CreatedAt = now, QueuedAt = now };
        Directory.CreateDirectory(directory.Path);
        try
        {
            var spec = request.Kind switch
            {
                CatalogRunKind.Train => await TrainSpecAsync(db, request, run, directory, cancellationToken),
                CatalogRunKind.Predict => await PredictSpecAsync(db, request, run, directory, cancellationToken),
                _ => await EvaluateSpecAsync(db, request, run, cancellationToken),
            };
            run.SpecJson = JsonSerializer.Serialize(spec, SpecJson);
            directory.WriteSpec(spec);
            db.Runs.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            Directory.Delete(directory.Path, recursive: true);
            throw;
        }
        scheduler.Wake();
        await notifier.NotifyAsync(run.Id);
        return run.Id;
    }

    private static void CheckSettings(RunRequest request)
    {
        if (request.BatchSize is < 1 or > 256)
            throw new RunRequestException(RunRequestFields.BatchSize, "Batch size must be between 1 and 256.");
        if (!DevicePattern().IsMatch(request.Device ?? ""))
            throw new RunRequestException(RunRequestFields.Device, $"Device '{request.Device}' is not one of auto, cpu, cuda or cuda:N.");
        if (request.Kind != CatalogRunKind.Train)
            return;
        if (request.TimeBudgetMinutes is { } minutes)
        {
            if (!(minutes > 0 && minutes <= 7 * 24 * 60))
                throw new RunRequestException(RunRequestFields.TimeBudgetMinutes, "The time budget must be more than 0 and at most a week (10080 minutes).");
        }
        else if (request.Steps is not (>= 1 and <= 10_000_000))
        {
            throw new RunRequestException(RunRequestFields.Steps, "Give a number of steps (1 or more) or a time budget.");
        }
        if (request.ConfigYaml is null && !Presets.Contains(request.Preset))
            throw new RunRequestException(RunRequestFields.Preset, $"'{request.Preset}' is not a preset; choose one of {string.Join(", ", Presets)} or upload a YAML configuration.");
        if (request.ConfigYaml is { } yaml)
        {
            try
            {
                // Bounded before it is parsed (size, nesting, nodes), then every value checked: no upload can take the process down.
                OfficialConfigReader.Parse(yaml, request.ConfigFileName ?? "the uploaded configuration");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new RunRequestException(RunRequestFields.ConfigYaml, $"The uploaded configuration {request.ConfigFileName} is not a valid SDSeg YAML: {e.Message}");
            }
        }
    }

    private async Task<RunSpec> TrainSpecAsync(CatalogDbContext db, RunRequest request, Run run, RunDirectory directory, CancellationToken cancellationToken)
    {
        var (datasetFolder, splitFolder) = await DatasetAndSplitAsync(db, request, run, directory, cancellationToken);
        string config = request.Preset;
        if (request.ConfigYaml is { } yaml)
        {
            // config.yaml is the engine's output (the trained model's configuration); the user's input keeps its own name.
            var file = Path.Combine(directory.Path, "input-config.yaml");
            await File.WriteAllTextAsync(file, yaml, cancellationToken);
            config = file;
        }
        return new RunSpec
        {
            Kind = EngineRunKind.Train,
            Config = config,
            Data = datasetFolder,
            SplitFile = splitFolder,
            Steps = request.TimeBudgetMinutes is null ? request.Steps : null,
            TimeBudget = request.TimeBudgetMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            BatchSize = request.BatchSize,
            Seed = request.Seed,
            Device = request.Device,
        };
    }

    private async Task<RunSpec> PredictSpecAsync(CatalogDbContext db, RunRequest request, Run run, RunDirectory directory, CancellationToken cancellationToken)
    {
        var trainRun = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.ModelRunId, cancellationToken);
        if (trainRun is not { Kind: CatalogRunKind.Train, Status: RunStatus.Succeeded })
            throw new RunRequestException(RunRequestFields.ModelRunId, "Choose a model: a train run that succeeded.");
        if (!File.Exists(new RunDirectory(blobs.GetFullPath(trainRun.RunDirectory)).ModelWeightsFile))
            throw new RunRequestException(RunRequestFields.ModelRunId, $"Train run {trainRun.Id} has no model.safetensors; it cannot be used for prediction.");
        run.ModelId = await db.Models.Where(m => m.OriginRunId == trainRun.Id).Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken);
        var subset = request.Subset.ToLowerInvariant();
        if (subset is not ("train" or "validation" or "test" or "all"))
            throw new RunRequestException(RunRequestFields.Subset, $"Subset '{request.Subset}' is not one of train, validation, test or all.");
        var (datasetFolder, splitFolder) = await DatasetAndSplitAsync(db, request, run, directory, cancellationToken);
        return new RunSpec
        {
            Kind = EngineRunKind.Predict,
            Model = RelativeToRun(trainRun.RunDirectory),
            Data = datasetFolder,
            Subset = subset == "all" ? null : subset,
            SplitFile = subset == "all" ? null : splitFolder,
            Seed = request.Seed,
            Device = request.Device,
        };
    }

    private static async Task<RunSpec> EvaluateSpecAsync(CatalogDbContext db, RunRequest request, Run run, CancellationToken cancellationToken)
    {
        var predictRun = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.PredictionsRunId, cancellationToken);
        if (predictRun is not { Kind: CatalogRunKind.Predict, Status: RunStatus.Succeeded })
            throw new RunRequestException(RunRequestFields.PredictionsRunId, "Choose the predictions to score: a predict run that succeeded.");
        var datasetId = request.DatasetId ?? predictRun.DatasetId
            ?? throw new RunRequestException(RunRequestFields.DatasetId, "Choose the dataset whose masks are the ground truth.");
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken))
            throw new RunRequestException(RunRequestFields.DatasetId, $"Dataset {datasetId} is not in the catalog.");
        run.DatasetId = datasetId;
        run.ModelId = predictRun.ModelId;
        return new RunSpec
        {
            Kind = EngineRunKind.Evaluate,
            Predictions = RelativeToRun(predictRun.RunDirectory) + "/predictions",
            GroundTruth = RelativeToRun(DatasetFolders.Of(datasetId)) + "/masks",
            Device = request.Device,
        };
    }

    /// <summary>The dataset folder and the catalog split written as a split folder into the run, both relative to the run directory.</summary>
    private async Task<(string Dataset, string? Split)> DatasetAndSplitAsync(
        CatalogDbContext db, RunRequest request, Run run, RunDirectory directory, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Splits).SingleOrDefaultAsync(d => d.Id == request.DatasetId, cancellationToken)
            ?? throw new RunRequestException(RunRequestFields.DatasetId,
                request.DatasetId is { } id ? $"Dataset {id} is not in the catalog." : "Choose a dataset from the catalog.");
        var folder = DatasetFolders.Of(dataset.Id);
        if (!File.Exists(Path.Combine(blobs.GetFullPath(folder), DatasetManifest.FileName)))
            throw new RunRequestException(RunRequestFields.DatasetId, $"Dataset '{dataset.Name}' has no imported files ({folder}/{DatasetManifest.FileName} is missing); import it again.");
        run.DatasetId = dataset.Id;
        var split = request.SplitId is { } splitId
            ? dataset.Splits.SingleOrDefault(s => s.Id == splitId) ?? throw new RunRequestException(RunRequestFields.SplitId, $"Split {splitId} does not belong to dataset '{dataset.Name}'.")
            : dataset.Splits.OrderBy(s => s.CreatedAt).FirstOrDefault();
        if (split is null)
            return (RelativeToRun(folder), null);
        run.SplitId = split.Id;
        // The run keeps its own copy of the split it used, so it can be reproduced even if the catalog's split changes.
        new DatasetSplit(split.TrainStems, split.ValidationStems, split.TestStems) { Seed = split.Seed }
            .Write(Path.Combine(directory.Path, "input-split"));
        return (RelativeToRun(folder), "input-split");
    }

    /// <summary>A blob-store path as seen from a run directory (runs/&lt;name&gt;), so the data root can move.</summary>
    private static string RelativeToRun(string blobPath) => "../../" + blobPath;

    [GeneratedRegex(@"^(auto|cpu|cuda|cuda:\d+)$")]
    private static partial Regex DevicePattern();
}
