using System.Globalization;
using SdSeg.Engine.Datasets;
using SdSeg.Engine.Evaluation;
using SdSeg.Engine.Prediction;
using SdSeg.Engine.Runs;
using SdSeg.Engine.Training;
using SdSeg.Imaging.Decoding;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Runtime;

namespace SdSeg.Engine.Execution;

/// <summary>
/// What <c>sdseg run &lt;run dir&gt;</c> executes: reads <c>spec.json</c> and runs it, writing the run-directory contract.
/// Train runs the <see cref="TrainingPipeline"/> (spec <c>model</c>, when set, names pretrained first-stage weights);
/// predict writes <c>predictions/</c> for an image folder or a split subset of an imported dataset, then scores them into
/// <c>metrics.csv</c> when ground truth exists; evaluate scores a predictions folder against a ground-truth folder.
/// </summary>
public sealed class RunExecutor(Action<ProgressEvent>? onProgress = null, Action<string>? onLog = null)
{
    /// <summary>Executes the run; returns "completed" or "cancelled". Failures throw after a <c>failed</c> event.</summary>
    public string Execute(RunDirectory run, bool resume = false, int? validateEvery = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var spec = run.ReadSpec();
        using var engineLock = EngineLock.Acquire(run.Path);
        if (spec.Kind == RunKind.Train)
        {
            var options = TrainingOptionsFrom(spec) with { ValidateEvery = validateEvery };
            return new TrainingPipeline(run, options, onProgress, onLog).Run(resume, cancellation).Status;
        }
        var log = new RunLog(run.LogFile, onLog);
        try
        {
            return spec.Kind == RunKind.Predict ? Predict(run, spec, log, cancellation) : Evaluate(run, spec, log, cancellation);
        }
        catch (OperationCanceledException)
        {
            log.Write("Cancelled.");
            Emit(run, new ProgressEvent { Phase = "cancelled", Message = "cancelled" });
            return "cancelled";
        }
        catch (Exception e)
        {
            log.Write($"FAILED: {e.Message}");
            Emit(run, new ProgressEvent { Phase = "failed", Message = e.Message });
            throw;
        }
    }

    /// <summary>The training settings a train spec names.</summary>
    public static TrainingOptions TrainingOptionsFrom(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TrainingOptions
        {
            Data = spec.Data ?? throw new InvalidDataException("The train spec names no dataset (data)."),
            Config = spec.Config ?? throw new InvalidDataException("The train spec names no configuration (config)."),
            SplitFile = spec.SplitFile,
            SplitProportions = spec.SplitProportions is { Count: 3 } p ? new SplitProportions(p[0], p[1], p[2])
                : spec.SplitProportions is null ? null
                : throw new InvalidDataException("splitProportions must list three numbers: train, validation, test."),
            FirstStageWeights = spec.Model,
            TrainFirstStage = spec.TrainFirstStage,
            Steps = spec.Steps,
            TimeBudget = spec.TimeBudget,
            BatchSize = spec.BatchSize ?? 4,
            Seed = spec.Seed,
            Device = spec.Device,
        };
    }

    string Predict(RunDirectory run, RunSpec spec, RunLog log, CancellationToken cancellation)
    {
        if (spec.Model is null)
            throw new InvalidDataException("The predict spec names no model (a weights file or a training run directory).");
        if (spec.Data is null)
            throw new InvalidDataException("The predict spec names no input (data: an image, a folder, or an imported dataset with subset).");
        var modelPath = RunDatasetPreparer.ResolvePath(run, spec.Model);
        var modelRun = Directory.Exists(modelPath) ? modelPath : null;
        var weights = modelRun is not null ? new RunDirectory(modelRun).ModelWeightsFile : modelPath;
        var data = RunDatasetPreparer.ResolvePath(run, spec.Data);
        var (inputs, groundTruth, groundTruthStems) = PredictionTargets(run, spec, data, modelRun, log);

        var device = ComputeDevice.Resolve(spec.Device);
        using var loaded = SegmenterLoader.Load(weights, spec.Config, device,
            new SamplingOptions { Seed = spec.Seed, Steps = spec.SamplingSteps, Samples = spec.Samples });
        var pipeline = new PredictionPipeline(loaded.Segmenter, new ImageDecoder());
        log.Write($"Predict: {inputs.Count} image(s) with {loaded.Description} into {run.PredictionsFolder}.");
        int done = 0;
        pipeline.Run(inputs, run.PredictionsFolder,
            new PredictionOptions { SaveProbabilities = true },
            image => Emit(run, new ProgressEvent { Phase = "predict", Step = ++done, TotalSteps = inputs.Count, Message = Path.GetFileName(image.Input) }),
            cancellation);
        if (groundTruth is null)
        {
            log.Write("Predict: no ground truth, so no metrics.");
            Emit(run, new ProgressEvent { Phase = "done", Step = done, TotalSteps = inputs.Count, Message = "prediction finished" });
            return "completed";
        }
        var summary = EvaluateInto(run, run.PredictionsFolder, groundTruth, groundTruthStems, allowUnpaired: true, log, cancellation);
        Emit(run, new ProgressEvent { Phase = "done", Step = done, TotalSteps = inputs.Count, Message = $"prediction and evaluation finished: mean Dice {summary:F4}" });
        return "completed";
    }

    string Evaluate(RunDirectory run, RunSpec spec, RunLog log, CancellationToken cancellation)
    {
        var predictions = RunDatasetPreparer.ResolvePath(run, spec.Predictions ?? throw new InvalidDataException("The evaluate spec names no predictions folder."));
        var groundTruth = RunDatasetPreparer.ResolvePath(run, spec.GroundTruth ?? throw new InvalidDataException("The evaluate spec names no ground-truth folder."));
        var dice = EvaluateInto(run, predictions, groundTruth, groundTruthStems: null, allowUnpaired: false, log, cancellation);
        Emit(run, new ProgressEvent { Phase = "done", Message = $"evaluation finished: mean Dice {dice:F4}" });
        return "completed";
    }

    /// <summary>Scores the predictions; with <paramref name="groundTruthStems"/> (a subset of a dataset) only that ground truth counts.</summary>
    double EvaluateInto(RunDirectory run, string predictions, string groundTruth, IReadOnlyCollection<string>? groundTruthStems, bool allowUnpaired, RunLog log, CancellationToken cancellation)
    {
        int done = 0;
        var pairing = MaskPairing.Find(predictions, groundTruth);
        if (groundTruthStems is not null)
            pairing = pairing.Within(groundTruthStems);
        var result = new EvaluationPipeline(new ImageDecoder()).Run(pairing, new EvaluationOptions { AllowUnpaired = allowUnpaired },
            image => Emit(run, new ProgressEvent { Phase = "evaluate", Step = ++done, Message = image.Stem }), cancellation);
        EvaluationFiles.SaveToRun(result, run);
        double dice = result.Images.Count == 0 ? double.NaN : result.Images.Average(i => i.Dice);
        log.Write(string.Create(CultureInfo.InvariantCulture, $"Evaluate: {result.Images.Count} image(s) against {groundTruth}: mean Dice {dice:F4} (metrics.csv, result.json)."));
        return dice;
    }

    /// <summary>
    /// The images to predict and the ground-truth folder, if any: a subset of an imported dataset or any image folder. For a
    /// dataset, also the stems predicted, since its masks folder holds the ground truth of every subset.
    /// </summary>
    static (IReadOnlyList<string> Inputs, string? GroundTruth, IReadOnlyCollection<string>? GroundTruthStems) PredictionTargets(RunDirectory run, RunSpec spec, string data, string? modelRun, RunLog log)
    {
        var groundTruth = spec.GroundTruth is null ? null : RunDatasetPreparer.ResolvePath(run, spec.GroundTruth);
        if (!(Directory.Exists(data) && File.Exists(Path.Combine(data, DatasetManifest.FileName))))
        {
            if (spec.Subset is not null)
                throw new InvalidDataException($"The spec asks for the '{spec.Subset}' subset, but '{data}' is not an imported dataset (it has no {DatasetManifest.FileName}).");
            return (PredictionInputs.List(data), groundTruth, null);
        }
        var manifest = DatasetManifest.Read(data);
        IReadOnlyList<string> stems = manifest.Stems();
        if (spec.Subset is { } subset)
        {
            var splitSource = spec.SplitFile is { } file ? RunDatasetPreparer.ResolvePath(run, file)
                : modelRun is not null && Directory.Exists(Path.Combine(modelRun, DatasetSplit.DefaultFolderName)) ? Path.Combine(modelRun, DatasetSplit.DefaultFolderName)
                : Path.Combine(data, DatasetSplit.DefaultFolderName);
            var split = DatasetSplit.Read(splitSource, stems);
            stems = subset.ToLowerInvariant() switch
            {
                "train" => split.Train,
                "validation" => split.Validation,
                "test" => split.Test,
                _ => throw new InvalidDataException($"Unknown subset '{subset}': use train, validation or test."),
            };
            log.Write($"Predict: the {subset} subset ({stems.Count} image(s)) of {data}, split from {splitSource}.");
            if (stems.Count == 0)
                throw new InvalidDataException($"The {subset} subset of the split in {splitSource} is empty.");
        }
        var samples = manifest.Samples.ToDictionary(s => s.Stem, StringComparer.Ordinal);
        var inputs = stems.Select(s => Path.Combine(data, samples[s].ImagePath)).ToList();
        return (inputs, groundTruth ?? Path.Combine(data, "masks"), stems);
    }

    void Emit(RunDirectory run, ProgressEvent progress)
    {
        run.AppendProgress(progress);
        onProgress?.Invoke(progress);
    }
}
