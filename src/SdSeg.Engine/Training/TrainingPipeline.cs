using System.Diagnostics;
using System.Globalization;
using SdSeg.Engine.Runs;
using SdSeg.Model.Baseline;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;
using SdSeg.Model.Runtime;
using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Engine.Training;

/// <summary>
/// Trains an SDSeg model inside a run directory: dataset import and split, the first stage on the training masks (unless
/// pretrained weights are given; its encoder then initialises the condition encoder, as the official kl-f8 init does),
/// the denoiser with validation Dice (EMA weights, validation subset) every N steps, <c>checkpoints/best</c> by
/// validation Dice and <c>checkpoints/last</c> with the resumable trainer state, and at the end <c>model.safetensors</c>
/// (the best model, EMA and trained first stage included, no optimiser state), <c>config.yaml</c>, <c>result.json</c>,
/// <c>progress.jsonl</c> events and <c>log.txt</c>. A cancellation stops after a checkpoint; a resume continues from it.
/// </summary>
public sealed class TrainingPipeline
{
    public const string LastModelFile = "last.safetensors";
    public const string BestModelFile = "best.safetensors";
    public const string LastStateFile = "last.state.safetensors";
    public const string FirstStageModelFile = "first-stage.safetensors";
    public const string FirstStageStateFile = "first-stage.state.safetensors";

    readonly RunDirectory _run;
    readonly TrainingOptions _options;
    readonly Action<ProgressEvent>? _onProgress;
    readonly RunLog _log;
    readonly ProgressThrottle _throttle = new();

    TrainingRunState _state = new();
    double _setupSeconds;
    long _windowImages;
    readonly Stopwatch _window = Stopwatch.StartNew();

    public TrainingPipeline(RunDirectory run, TrainingOptions options, Action<ProgressEvent>? onProgress = null, Action<string>? onLog = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        _run = run;
        _options = options.Validated();
        _onProgress = onProgress;
        _log = new RunLog(run.LogFile, onLog);
    }

    string Checkpoint(string name) => Path.Combine(_run.CheckpointsFolder, name);

    /// <summary>What a step of the main training is called in messages: the baseline U-Net has no denoiser.</summary>
    string StepName => BaselineConfigSource.IsBaseline(_options.Config) ? "training step" : "denoiser step";

    /// <summary>Runs (or, with <paramref name="resume"/>, continues) the training; a cancelled run returns status "cancelled".</summary>
    public TrainingResult Run(bool resume = false, CancellationToken cancellation = default)
    {
        try
        {
            return RunCore(resume, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Write($"FAILED: {e.Message}");
            Emit(new ProgressEvent { Phase = "failed", Step = _state.DenoiserSteps, Message = e.Message });
            throw;
        }
    }

    TrainingResult RunCore(bool resume, CancellationToken cancellation)
    {
        var setup = Stopwatch.StartNew();
        Directory.CreateDirectory(_run.Path);
        var previous = TrainingRunState.Read(_run.CheckpointsFolder);
        if (!resume && (previous is not null || File.Exists(Checkpoint(LastStateFile))))
            throw new InvalidOperationException($"The run directory '{_run.Path}' already holds checkpoints; resume it (--resume) or choose a new --out.");
        if (resume && previous is not null)
            _state = previous;
        int? validateEvery = _options.ValidateEvery ?? _state.ValidateEvery;
        _state = _state with { ValidateEvery = validateEvery, BatchSize = _options.BatchSize };
        _log.Write(resume ? $"Resuming training in {_run.Path} at {StepName} {_state.DenoiserSteps}." : $"Training in {_run.Path}.");

        var prepared = RunDatasetPreparer.Prepare(_run, _options.Data, _options.SplitFile, _options.Seed, _options.SplitProportions, _log);
        var device = ComputeDevice.Resolve(_options.Device);
        bool baseline = BaselineConfigSource.IsBaseline(_options.Config);
        var unetConfig = baseline ? BaselineConfigSource.Load(_options.Config) : null;
        var config = baseline ? null : ConfigSource.Load(_options.Config);
        int pixels = unetConfig?.ImageSize ?? config!.PixelSize;
        var train = TrainingData.Load(prepared.Folder, prepared.Split.Train, pixels, _options.Seed);
        var validation = TrainingData.Load(prepared.Folder, prepared.Split.Validation, pixels, _options.Seed);
        _log.Write($"Config {_options.Config}: {pixels}x{pixels} px inputs, "
            + (config is null ? "baseline U-Net (Dice + BCE)" : $"latents {config.Channels}x{config.ImageSize}x{config.ImageSize}")
            + $"; device {device}; batch {_options.BatchSize}; seed {_options.Seed}; "
            + (_options.Steps is { } s ? $"budget {s} training steps" : $"time budget {_options.TimeBudget}") + ".");
        if (validation.Count == 0)
            _log.Write("The validation subset is empty: no validation Dice; the last model is the final one.");
        _setupSeconds = setup.Elapsed.TotalSeconds;

        if (unetConfig is not null)
        {
            using var unet = UNet2d.Create(unetConfig, _options.Seed);
            using var unetTrainer = new UNet2dModelTrainer(new UNet2dTrainer(unet, device, UNet2dTrainingOptions.FromConfig(unetConfig, _options.BatchSize, _options.Seed)));
            return TrainModel(unetTrainer, train, validation, prepared, device, cancellation);
        }

        using var model = PrepareModel(config!, device, train, validation, cancellation, out bool cancelledInFirstStage);
        if (cancelledInFirstStage)
            return Finish("cancelled", null, train, validation, prepared, device);

        var trainingOptions = SdSegTrainingOptions.FromConfig(config!, _options.BatchSize, _options.Seed);
        using var trainer = new SdSegModelTrainer(new SdSegTrainer(model, device, trainingOptions));
        return TrainModel(trainer, train, validation, prepared, device, cancellation);
    }

    SdSegModel PrepareModel(SdSegConfig config, Device device, TrainingData train, TrainingData validation, CancellationToken cancellation, out bool cancelled)
    {
        cancelled = false;
        if (File.Exists(Checkpoint(LastStateFile)))
            return new SdSegModel(config);
        if (File.Exists(Checkpoint(FirstStageModelFile)))
        {
            var loaded = SdSegModelFile.Load(Checkpoint(FirstStageModelFile), config);
            loaded.Ema?.Dispose();
            _log.Write($"First stage: loaded the trained first stage from {Checkpoint(FirstStageModelFile)}.");
            return loaded.Model;
        }
        var model = new SdSegModel(config);
        try
        {
            if (_options.FirstStageWeights is { } weights)
            {
                var report = InitialWeightsImporter.ImportAutoencoderFile(model, RunDatasetPreparer.ResolvePath(_run, weights));
                _log.Write($"First stage: imported pretrained weights from {weights} ({report.Taken.Count} tensors into first_stage_model and cond_stage_model.encoder).");
                _state = _state with { FirstStageDone = true, FirstStageTrained = false };
                return model;
            }
            cancelled = !TrainFirstStage(model, device, train, validation, cancellation);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Returns false when cancelled (its state saved for a resume).</summary>
    bool TrainFirstStage(SdSegModel model, Device device, TrainingData train, TrainingData validation, CancellationToken cancellation)
    {
        long? total = _options.Steps is { } steps ? Math.Max(1, (steps + 3) / 4) : null;
        double? budgetSeconds = _options.TimeBudget?.TotalSeconds * _options.FirstStageShare;
        using var trainer = new MaskAutoencoderTrainer(model.FirstStageModel, device, new MaskAutoencoderOptions { Seed = _options.Seed });
        if (File.Exists(Checkpoint(FirstStageStateFile)))
        {
            trainer.LoadState(Checkpoint(FirstStageStateFile));
            _log.Write($"First stage: resumed at step {trainer.StepCount}.");
        }
        int crop = _options.FirstStageCropFor(train.PixelSize);
        _log.Write("First stage: training the autoencoder on the training masks (no pretrained first-stage weights were given)"
            + (crop < train.PixelSize ? $" on random {crop}x{crop} crops" : "")
            + (total is { } t ? $" for {t} steps." : $" for {Math.Max(0, budgetSeconds!.Value - _setupSeconds - _state.FirstStageSeconds):F0} s (its share of the budget after {_setupSeconds:F0} s of setup)."));
        RestartSpeedWindow();
        var clock = Stopwatch.StartNew();
        double start = _state.FirstStageSeconds;
        while (total is { } limit ? trainer.StepCount < limit : _setupSeconds + _state.FirstStageSeconds < budgetSeconds!.Value)
        {
            if (cancellation.IsCancellationRequested)
            {
                Directory.CreateDirectory(_run.CheckpointsFolder);
                SaveAtomically(Checkpoint(FirstStageStateFile), trainer.SaveState);
                _state = _state with { FirstStageSteps = trainer.StepCount };
                _state.Write(_run.CheckpointsFolder);
                _log.Write($"Cancelled during the first stage at step {trainer.StepCount}; its state is saved for a resume.");
                Emit(new ProgressEvent { Phase = "cancelled", Step = 0, Message = $"cancelled in the first stage at step {trainer.StepCount}" });
                return false;
            }
            using var batch = train.CroppedTrainingBatch(trainer.StepCount, _options.BatchSize, crop, device);
            // Linear decay to 5 % over the first stage's budget: Adam at a constant 1e-3 leaves the autoencoder wherever its
            // last large step put it, and on Kvasir-SEG that swung the reconstruction Dice between 0.65 and 0.95.
            double progress = total is { } stepLimit ? (double)trainer.StepCount / stepLimit
                : (_setupSeconds + _state.FirstStageSeconds) / budgetSeconds!.Value;
            var result = trainer.Step(batch.Masks, Math.Max(0.05, 1 - progress));
            _windowImages += batch.Indices.Count;
            _state = _state with { FirstStageSeconds = start + clock.Elapsed.TotalSeconds, FirstStageSteps = trainer.StepCount };
            if (_throttle.ShouldEmit(total))
            {
                double? eta = total is { } tt ? (tt - trainer.StepCount) * _state.FirstStageSeconds / Math.Max(1, trainer.StepCount) : budgetSeconds - _setupSeconds - _state.FirstStageSeconds;
                Emit(new ProgressEvent
                {
                    Phase = "first-stage",
                    Step = trainer.StepCount,
                    TotalSteps = total,
                    Losses = new Dictionary<string, double> { ["loss"] = result.Loss, ["reconstruction"] = result.Reconstruction, ["kl"] = result.Kl },
                    LearningRate = result.LearningRate,
                    ImagesPerSecond = TakeImagesPerSecond(),
                    EtaSeconds = eta is { } e ? Math.Max(0, e) : null,
                });
            }
        }
        if (validation.Count > 0)
        {
            using var batch = validation.Slice(0, Math.Min(validation.Count, 32), device);
            var scores = trainer.Reconstruction(batch.Masks);
            _log.Write(string.Create(CultureInfo.InvariantCulture,
                $"First stage: {trainer.StepCount} steps in {_state.FirstStageSeconds:F0} s; on {batch.Indices.Count} validation masks its reconstructions score Dice {scores.Dice:F4} (the ceiling for the denoiser), L1 {scores.L1:F4}."));
        }
        trainer.CopyEncoderTo(model.CondStageModel);
        trainer.Finish();
        _log.Write("First stage: copied its encoder into the condition encoder (cond_stage_model.encoder), as the official kl-f8 init does; the first stage is frozen from here on.");
        Directory.CreateDirectory(_run.CheckpointsFolder);
        SaveAtomically(Checkpoint(FirstStageModelFile), path => SdSegModelFile.Save(path, model));
        _state = _state with { FirstStageDone = true, FirstStageTrained = true, FirstStageSteps = trainer.StepCount };
        _state.Write(_run.CheckpointsFolder);
        if (File.Exists(Checkpoint(FirstStageStateFile)))
            File.Delete(Checkpoint(FirstStageStateFile));
        return true;
    }

    TrainingResult TrainModel(IModelTrainer trainer, TrainingData train, TrainingData validation, PreparedDataset prepared, Device device, CancellationToken cancellation)
    {
        if (File.Exists(Checkpoint(LastStateFile)))
        {
            trainer.LoadState(Checkpoint(LastStateFile));
            _log.Write($"Loaded the trainer state of step {trainer.StepCount} from {Checkpoint(LastStateFile)}.");
        }
        long? total = _options.Steps;
        double? budget = _options.TimeBudget?.TotalSeconds;
        int? validateEvery = _state.ValidateEvery ?? (total is { } t ? Math.Max(1, (int)(t / 5)) : null);
        double validateSeconds = budget is { } b ? Math.Max(20, (b - Elapsed) / 8) : 0;
        double lastValidationCost = 0;
        var sinceValidation = Stopwatch.StartNew();
        long lastCheckpointStep = File.Exists(Checkpoint(LastStateFile)) ? trainer.StepCount : -1;
        _log.Write($"{trainer.Phase}: training from step {trainer.StepCount}; validation "
            + (validateEvery is { } v ? $"every {v} steps" : $"about every {validateSeconds:F0} s") + ".");
        RestartSpeedWindow();
        var clock = Stopwatch.StartNew();
        double start = _state.DenoiserSeconds;

        bool BudgetLeft() => total is { } limit
            ? trainer.StepCount < limit
            : Elapsed + lastValidationCost < budget!.Value;

        while (BudgetLeft())
        {
            if (cancellation.IsCancellationRequested)
            {
                if (lastCheckpointStep != trainer.StepCount)
                    SaveCheckpoint(trainer, validationDice: null);
                _log.Write($"Cancelled at {StepName} {trainer.StepCount}; checkpoint saved (resume with sdseg train --resume).");
                Emit(new ProgressEvent { Phase = "cancelled", Step = trainer.StepCount, TotalSteps = total, Message = "stopped after saving a checkpoint" });
                return Finish("cancelled", trainer, train, validation, prepared, device);
            }
            IReadOnlyDictionary<string, double> losses;
            double learningRate;
            using (var batch = train.TrainingBatch(trainer.StepCount, _options.BatchSize, device))
            {
                (losses, learningRate) = trainer.Step(batch.Images, batch.Masks);
                _windowImages += batch.Indices.Count;
                _state = _state with { ImagesSeen = _state.ImagesSeen + batch.Indices.Count };
            }
            _state = _state with { DenoiserSteps = trainer.StepCount, DenoiserSeconds = start + clock.Elapsed.TotalSeconds };
            if (_throttle.ShouldEmit(total, force: !BudgetLeft()))
                EmitStep(trainer.Phase, losses, learningRate, trainer.StepCount, total, budget);

            // Under a time budget, validation may take at most a quarter of the time between validations.
            bool due = validateEvery is { } every
                ? trainer.StepCount % every == 0
                : sinceValidation.Elapsed.TotalSeconds >= Math.Max(validateSeconds, 3 * lastValidationCost);
            if (due && BudgetLeft())
            {
                var cost = Stopwatch.StartNew();
                ValidateAndCheckpoint(trainer, validation, cancellation);
                lastCheckpointStep = trainer.StepCount;
                lastValidationCost = cost.Elapsed.TotalSeconds;
                sinceValidation.Restart();
            }
        }
        if (lastCheckpointStep != trainer.StepCount || !File.Exists(Checkpoint(LastModelFile)))
            ValidateAndCheckpoint(trainer, validation, cancellation);
        return Finish("completed", trainer, train, validation, prepared, device);
    }

    void ValidateAndCheckpoint(IModelTrainer trainer, TrainingData validation, CancellationToken cancellation)
    {
        double? dice = null;
        if (validation.Count > 0)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                dice = trainer.ValidationDice(validation, _options.BatchSize, _options.Seed, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // A stop during validation still ends with a checkpoint (without a Dice); the loop's next check then says so.
                SaveCheckpoint(trainer, validationDice: null);
                return;
            }
            _state = _state with { ValidationSeconds = _state.ValidationSeconds + clock.Elapsed.TotalSeconds };
            _log.Write(string.Create(CultureInfo.InvariantCulture, $"Validation at step {trainer.StepCount}: mean Dice {dice:F4} on {validation.Count} image(s) ({clock.Elapsed.TotalSeconds:F1} s)."));
            Emit(new ProgressEvent { Phase = "validation", Step = trainer.StepCount, TotalSteps = _options.Steps, ValidationDice = dice });
        }
        SaveCheckpoint(trainer, dice);
    }

    void SaveCheckpoint(IModelTrainer trainer, double? validationDice)
    {
        Directory.CreateDirectory(_run.CheckpointsFolder);
        var metadata = new Dictionary<string, string> { ["sdseg.step"] = trainer.StepCount.ToString(CultureInfo.InvariantCulture) };
        if (validationDice is { } d)
            metadata["sdseg.validation_dice"] = d.ToString("R", CultureInfo.InvariantCulture);
        SaveAtomically(Checkpoint(LastModelFile), path => trainer.SaveModel(path, metadata));
        SaveAtomically(Checkpoint(LastStateFile), trainer.SaveState);
        bool improved = validationDice is { } dice && (_state.BestValidationDice is not { } best || dice > best);
        if (improved)
        {
            File.Copy(Checkpoint(LastModelFile), Checkpoint(BestModelFile) + ".tmp", overwrite: true);
            File.Move(Checkpoint(BestModelFile) + ".tmp", Checkpoint(BestModelFile), overwrite: true);
            _state = _state with { BestValidationDice = validationDice, BestStep = trainer.StepCount };
            _log.Write($"New best model at step {trainer.StepCount} ({BestModelFile}).");
        }
        _state = _state with { DenoiserSteps = trainer.StepCount };
        _state.Write(_run.CheckpointsFolder);
    }

    TrainingResult Finish(string status, IModelTrainer? trainer, TrainingData train, TrainingData validation, PreparedDataset prepared, Device device)
    {
        string? modelFile = null;
        if (status == "completed")
        {
            var source = File.Exists(Checkpoint(BestModelFile)) ? Checkpoint(BestModelFile) : Checkpoint(LastModelFile);
            File.Copy(source, _run.ModelWeightsFile + ".tmp", overwrite: true);
            File.Move(_run.ModelWeightsFile + ".tmp", _run.ModelWeightsFile, overwrite: true);
            trainer!.WriteConfig(_run.ModelConfigFile);
            modelFile = Path.GetFileName(_run.ModelWeightsFile);
            _log.Write($"Model: {modelFile} is the {(source.EndsWith(BestModelFile, StringComparison.Ordinal) ? $"best model by validation Dice (step {_state.BestStep})" : "last model")} with no optimiser state; "
                + (trainer is UNet2dModelTrainer
                    ? "a baseline U-Net (no EMA)."
                    : "SDSeg with its EMA weights; " + (_state.FirstStageTrained
                        ? "it includes the first stage (trained here on the masks, so it is needed to predict)."
                        : "it includes the first stage it was trained with."))
                + $" config.yaml holds its configuration.");
        }
        var result = new TrainingResult
        {
            Status = status,
            BestValidationDice = _state.BestValidationDice,
            BestStep = _state.BestStep,
            DenoiserSteps = _state.DenoiserSteps,
            FirstStageSteps = _state.FirstStageSteps,
            FirstStageTrained = _state.FirstStageTrained,
            FirstStageSeconds = Math.Round(_state.FirstStageSeconds, 2),
            DenoiserSeconds = Math.Round(_state.DenoiserSeconds, 2),
            ValidationSeconds = Math.Round(_state.ValidationSeconds, 2),
            TotalSeconds = Math.Round(Elapsed, 2),
            ImagesPerSecond = _state.DenoiserSeconds > 0 ? Math.Round(_state.ImagesSeen / _state.DenoiserSeconds, 2) : 0,
            BatchSize = _options.BatchSize,
            Seed = _options.Seed,
            Device = device.ToString(),
            TrainSamples = train.Count,
            ValidationSamples = validation.Count,
            TestSamples = prepared.Split.Test.Count,
            Model = modelFile,
        };
        result.Write(_run.ResultFile);
        _log.Write(string.Create(CultureInfo.InvariantCulture,
            $"Run {status}: {result.DenoiserSteps} training steps, best validation Dice {(result.BestValidationDice is { } d ? d.ToString("F4", CultureInfo.InvariantCulture) : "n/a")}; first stage {result.FirstStageSeconds:F0} s, {(trainer?.Phase ?? "denoiser")} {result.DenoiserSeconds:F0} s, validation {result.ValidationSeconds:F0} s; {result.ImagesPerSecond:F1} images/s."));
        if (status == "completed")
            Emit(new ProgressEvent { Phase = "done", Step = _state.DenoiserSteps, TotalSteps = _options.Steps, ValidationDice = _state.BestValidationDice, Message = "training finished" });
        return result;
    }

    void EmitStep(string phase, IReadOnlyDictionary<string, double> losses, double learningRate, long done, long? total, double? budget)
    {
        double secondsPerStep = _state.DenoiserSeconds / Math.Max(1, done);
        double? eta = total is { } t ? (t - done) * secondsPerStep : budget - Elapsed;
        Emit(new ProgressEvent
        {
            Phase = phase,
            Step = done,
            TotalSteps = total,
            Losses = losses,
            LearningRate = learningRate,
            ImagesPerSecond = TakeImagesPerSecond(),
            EtaSeconds = eta is { } e ? Math.Round(Math.Max(0, e), 1) : null,
        });
    }

    double TakeImagesPerSecond()
    {
        double seconds = _window.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? _windowImages / seconds : 0;
        _windowImages = 0;
        _window.Restart();
        return Math.Round(rate, 2);
    }

    void RestartSpeedWindow()
    {
        _windowImages = 0;
        _window.Restart();
    }

    double Elapsed => _setupSeconds + _state.ElapsedSeconds;

    void Emit(ProgressEvent progress)
    {
        _run.AppendProgress(progress);
        _onProgress?.Invoke(progress);
    }

    static void SaveAtomically(string path, Action<string> save)
    {
        var temp = path + ".tmp";
        save(temp);
        File.Move(temp, path, overwrite: true);
    }
}
