using System.Diagnostics;
using System.Globalization;
using SdSeg.Engine.Diagnostics;
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
    TrainingClock _clock = new(new TrainingRunState());
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
        Directory.CreateDirectory(_run.Path);
        var previous = TrainingRunState.Read(_run.CheckpointsFolder);
        if (!resume && (previous is not null || File.Exists(Checkpoint(LastStateFile))))
            throw new InvalidOperationException($"The run directory '{_run.Path}' already holds checkpoints; resume it (--resume) or choose a new --out.");
        if (resume && previous is not null)
            _state = previous;
        _clock = new TrainingClock(_state);
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
        {
            _log.Write("The validation subset is empty: no validation Dice; the last model is the final one.");
        }
        else
        {
            var constant = ConstantMaskBaseline.FromTraining(train);
            _state = _state with { ConstantMaskValidationDice = constant.MeanDice(validation) };
            _log.Write(string.Create(CultureInfo.InvariantCulture,
                $"Baseline: the {constant} scores validation Dice {_state.ConstantMaskValidationDice:F4}; a model that ignores the image reaches about this."));
        }

        if (unetConfig is not null)
        {
            using var unet = UNet2d.Create(unetConfig, _options.Seed);
            using var unetTrainer = new UNet2dModelTrainer(new UNet2dTrainer(unet, device, UNet2dTrainingOptions.FromConfig(unetConfig, _options.BatchSize, _options.Seed)));
            return TrainModel(unetTrainer, train, validation, prepared, device, cancellation);
        }

        _clock.Enter(TrainingClock.Phase.FirstStage);
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
        // The initial weights come from the global generator: seed it first, or two runs with one seed start apart.
        random.manual_seed(_options.Seed);
        if (File.Exists(Checkpoint(LastStateFile)))
            return new SdSegModel(config);
        if (File.Exists(Checkpoint(FirstStageModelFile)))
        {
            var loaded = SdSegModelFile.Load(Checkpoint(FirstStageModelFile), config);
            loaded.Ema?.Dispose();
            _log.Write($"First stage: loaded the run's first stage from {Checkpoint(FirstStageModelFile)}.");
            return loaded.Model;
        }
        var model = new SdSegModel(config);
        try
        {
            bool intoCondStage = config.CondStageInit == CondStageInit.FirstStageEncoder;
            string source;
            if (_options.FirstStageWeights is { } weights)
            {
                var report = InitialWeightsImporter.ImportAutoencoderFile(model, RunDatasetPreparer.ResolvePath(_run, weights), intoCondStage);
                _log.Write($"First stage: imported pretrained weights from {weights} ({report.Taken.Count} tensors into {report.Step[(report.Step.IndexOf("->", StringComparison.Ordinal) + 3)..]}).");
                source = FirstStageSources.Imported;
            }
            else if (!_options.TrainFirstStage && ShippedFirstStage.Fits(config.FirstStage))
            {
                InitialWeightsImporter.ImportAutoencoderFile(model, ShippedFirstStage.WeightsFile!, intoCondStage);
                var made = ShippedFirstStage.Metadata;
                _log.Write($"First stage: the shipped mask autoencoder ({ShippedFirstStage.FileName}: synthetic shapes, "
                    + $"{made.GetValueOrDefault("sdseg.first_stage.steps", "?")} steps, held-out reconstruction Dice {made.GetValueOrDefault("sdseg.first_stage.reconstruction_dice", "?")}).");
                source = FirstStageSources.Shipped;
            }
            else
            {
                if (!_options.TrainFirstStage)
                    _log.Write($"First stage: the shipped mask autoencoder does not fit this configuration's first_stage_config, so one is trained on the training masks.");
                if (!TrainFirstStage(model, device, train, cancellation))
                {
                    cancelled = true;
                    return model;
                }
                source = FirstStageSources.TrainedOnDataset;
            }
            model.FirstStageModel.Freeze();
            if (intoCondStage && source == FirstStageSources.TrainedOnDataset)
                MaskAutoencoderTrainer.CopyEncoder(model.FirstStageModel, model.CondStageModel);
            _log.Write(intoCondStage
                ? "First stage: its encoder also starts the condition encoder (cond_stage_model.encoder), as the official kl-f8 init does; the first stage is frozen from here on."
                : "First stage: frozen from here on; the condition encoder keeps its own seeded initialisation (cond_stage_init: random).");
            double? reconstruction = null;
            if (validation.Count > 0)
            {
                using var batch = validation.Slice(0, Math.Min(validation.Count, 32), device);
                reconstruction = MaskAutoencoderTrainer.Reconstruction(model.FirstStageModel, batch.Masks, device).Dice;
                _log.Write(string.Create(CultureInfo.InvariantCulture,
                    $"First stage: on {batch.Indices.Count} validation masks its reconstructions score Dice {reconstruction:F4} (the ceiling for the denoiser)."));
            }
            Directory.CreateDirectory(_run.CheckpointsFolder);
            SaveAtomically(Checkpoint(FirstStageModelFile), path => SdSegModelFile.Save(path, model));
            _state = _state with
            {
                FirstStageDone = true,
                FirstStageTrained = source == FirstStageSources.TrainedOnDataset,
                FirstStageSource = source,
                FirstStageReconstructionDice = reconstruction,
            };
            WriteState();
            if (File.Exists(Checkpoint(FirstStageStateFile)))
                File.Delete(Checkpoint(FirstStageStateFile));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Returns false when cancelled (its state saved for a resume).</summary>
    bool TrainFirstStage(SdSegModel model, Device device, TrainingData train, CancellationToken cancellation)
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
        double SpentOnFirstStage() => _clock.Seconds(TrainingClock.Phase.Setup) + _clock.Seconds(TrainingClock.Phase.FirstStage);
        _log.Write("First stage: training the autoencoder on the training masks"
            + (crop < train.PixelSize ? $" on random {crop}x{crop} crops" : "")
            + (total is { } t ? $" for {t} steps."
                : $" for {Math.Max(0, budgetSeconds!.Value - SpentOnFirstStage()):F0} s (its share of the budget after {_clock.Seconds(TrainingClock.Phase.Setup):F0} s of setup), and at least {_options.MinimumFirstStageSteps} steps."));
        RestartSpeedWindow();
        while (total is { } limit ? trainer.StepCount < limit
               : trainer.StepCount < _options.MinimumFirstStageSteps || SpentOnFirstStage() < budgetSeconds!.Value)
        {
            if (cancellation.IsCancellationRequested)
            {
                Directory.CreateDirectory(_run.CheckpointsFolder);
                SaveAtomically(Checkpoint(FirstStageStateFile), trainer.SaveState);
                _state = _state with { FirstStageSteps = trainer.StepCount };
                WriteState();
                _log.Write($"Cancelled during the first stage at step {trainer.StepCount}; its state is saved for a resume.");
                Emit(new ProgressEvent { Phase = "cancelled", Step = 0, Message = $"cancelled in the first stage at step {trainer.StepCount}" });
                return false;
            }
            using var batch = train.CroppedTrainingBatch(trainer.StepCount, _options.BatchSize, crop, device);
            // Linear decay to 5 % over the first stage's budget: Adam at a constant 1e-3 leaves the autoencoder wherever its
            // last large step put it, and on Kvasir-SEG that swung the reconstruction Dice between 0.65 and 0.95.
            double progress = total is { } stepLimit ? (double)trainer.StepCount / stepLimit
                : Math.Max((double)trainer.StepCount / _options.MinimumFirstStageSteps, SpentOnFirstStage() / budgetSeconds!.Value);
            var result = trainer.Step(batch.Masks, Math.Max(0.05, 1 - progress));
            _windowImages += batch.Indices.Count;
            _state = _state with { FirstStageSteps = trainer.StepCount };
            if (_throttle.ShouldEmit(total))
            {
                double firstStageSeconds = _clock.Seconds(TrainingClock.Phase.FirstStage);
                double? eta = total is { } tt ? (tt - trainer.StepCount) * firstStageSeconds / Math.Max(1, trainer.StepCount) : budgetSeconds - SpentOnFirstStage();
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
        trainer.Finish();
        _log.Write(string.Create(CultureInfo.InvariantCulture, $"First stage: {trainer.StepCount} steps in {_clock.Seconds(TrainingClock.Phase.FirstStage):F0} s."));
        return true;
    }

    TrainingResult TrainModel(IModelTrainer trainer, TrainingData train, TrainingData validation, PreparedDataset prepared, Device device, CancellationToken cancellation)
    {
        _clock.Enter(TrainingClock.Phase.Training);
        if (File.Exists(Checkpoint(LastStateFile)))
        {
            trainer.LoadState(Checkpoint(LastStateFile));
            _log.Write($"Loaded the trainer state of step {trainer.StepCount} from {Checkpoint(LastStateFile)}.");
        }
        long? total = _options.Steps;
        double? budget = _options.TimeBudget?.TotalSeconds;
        int? validateEvery = _state.ValidateEvery ?? (total is { } t ? Math.Max(1, (int)(t / 5)) : null);
        double validateSeconds = budget is { } b ? Math.Max(20, (b - _clock.Total) / 8) : 0;
        double lastValidationCost = 0;
        var sinceValidation = Stopwatch.StartNew();
        long lastCheckpointStep = File.Exists(Checkpoint(LastStateFile)) ? trainer.StepCount : -1;
        _log.Write($"{trainer.Phase}: training from step {trainer.StepCount}; validation "
            + (validateEvery is { } v ? $"every {v} steps" : $"about every {validateSeconds:F0} s") + ".");
        RestartSpeedWindow();

        // The last validation must fit too: stop when the time left would not cover one more.
        bool BudgetLeft() => total is { } limit
            ? trainer.StepCount < limit
            : _clock.Total + lastValidationCost < budget!.Value;

        while (BudgetLeft())
        {
            if (cancellation.IsCancellationRequested)
            {
                if (lastCheckpointStep != trainer.StepCount)
                    SaveCheckpoint(trainer, scores: null);
                _log.Write($"Cancelled at {StepName} {trainer.StepCount}; checkpoint saved (resume with sdseg train --resume).");
                Emit(new ProgressEvent { Phase = "cancelled", Step = trainer.StepCount, TotalSteps = total, Message = "stopped after saving a checkpoint" });
                return Finish("cancelled", trainer, train, validation, prepared, device);
            }
            IReadOnlyDictionary<string, double> losses;
            double learningRate;
            using (var batch = train.TrainingBatch(trainer.StepCount, _options.BatchSize, device))
            {
                double progress = total is { } steps ? (double)trainer.StepCount / steps : _clock.Total / budget!.Value;
                (losses, learningRate) = trainer.Step(batch.Images, batch.Masks, progress);
                _windowImages += batch.Indices.Count;
                _state = _state with { ImagesSeen = _state.ImagesSeen + batch.Indices.Count, DenoiserSteps = trainer.StepCount };
            }
            if (_throttle.ShouldEmit(total, force: !BudgetLeft()))
                EmitStep(trainer.Phase, losses, learningRate, trainer.StepCount, total, budget);

            // Under a time budget, validation may take at most a quarter of the time between validations.
            bool due = validateEvery is { } every
                ? trainer.StepCount % every == 0
                : sinceValidation.Elapsed.TotalSeconds >= Math.Max(validateSeconds, 3 * lastValidationCost);
            if (due && BudgetLeft())
            {
                double before = _clock.Seconds(TrainingClock.Phase.Validation);
                ValidateAndCheckpoint(trainer, validation, cancellation);
                lastCheckpointStep = trainer.StepCount;
                lastValidationCost = _clock.Seconds(TrainingClock.Phase.Validation) - before;
                sinceValidation.Restart();
            }
        }
        if (lastCheckpointStep != trainer.StepCount || !File.Exists(Checkpoint(LastModelFile)))
            ValidateAndCheckpoint(trainer, validation, cancellation);
        return Finish("completed", trainer, train, validation, prepared, device);
    }

    void ValidateAndCheckpoint(IModelTrainer trainer, TrainingData validation, CancellationToken cancellation)
    {
        var resumed = _clock.Enter(TrainingClock.Phase.Validation);
        try
        {
            ValidationScores? scores = null;
            if (validation.Count > 0)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    scores = trainer.Validate(validation, _options.BatchSize, _options.Seed, cancellation);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    // A stop during validation still ends with a checkpoint (without a Dice); the loop's next check then says so.
                    SaveCheckpoint(trainer, scores: null);
                    return;
                }
                _log.Write(string.Create(CultureInfo.InvariantCulture,
                    $"Validation at step {trainer.StepCount}: mean Dice {scores.Dice:F4} on {validation.Count} image(s) ({clock.Elapsed.TotalSeconds:F1} s); "
                    + $"against other images' masks {scores.ShuffledDice:F4} (drop {scores.ShuffleDrop:F4}; near 0 means the image is ignored)."));
                Emit(new ProgressEvent
                {
                    Phase = "validation",
                    Step = trainer.StepCount,
                    TotalSteps = _options.Steps,
                    ValidationDice = scores.Dice,
                    ShuffledValidationDice = scores.ShuffledDice,
                    ConstantMaskValidationDice = _state.ConstantMaskValidationDice,
                });
            }
            SaveCheckpoint(trainer, scores);
        }
        finally
        {
            _clock.Enter(resumed);
        }
    }

    void SaveCheckpoint(IModelTrainer trainer, ValidationScores? scores)
    {
        Directory.CreateDirectory(_run.CheckpointsFolder);
        var metadata = new Dictionary<string, string> { ["sdseg.step"] = trainer.StepCount.ToString(CultureInfo.InvariantCulture) };
        if (scores is not null)
            metadata["sdseg.validation_dice"] = scores.Dice.ToString("R", CultureInfo.InvariantCulture);
        SaveAtomically(Checkpoint(LastModelFile), path => trainer.SaveModel(path, metadata));
        SaveAtomically(Checkpoint(LastStateFile), trainer.SaveState);
        bool improved = scores is not null && (_state.BestValidationDice is not { } best || scores.Dice > best);
        if (improved)
        {
            File.Copy(Checkpoint(LastModelFile), Checkpoint(BestModelFile) + ".tmp", overwrite: true);
            File.Move(Checkpoint(BestModelFile) + ".tmp", Checkpoint(BestModelFile), overwrite: true);
            _state = _state with { BestValidationDice = scores!.Dice, BestShuffledConditionDice = scores.ShuffledDice, BestStep = trainer.StepCount };
            _log.Write($"New best model at step {trainer.StepCount} ({BestModelFile}).");
        }
        _state = _state with { DenoiserSteps = trainer.StepCount };
        WriteState();
    }

    void WriteState() => (_state = _clock.Stamp(_state)).Write(_run.CheckpointsFolder);

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
                    : "SDSeg with its EMA weights; it includes its first stage (" + (_state.FirstStageSource ?? "?") + ").")
                + $" config.yaml holds its configuration.");
        }
        _state = _clock.Stamp(_state);
        bool sdseg = trainer is not UNet2dModelTrainer;
        var result = new TrainingResult
        {
            Status = status,
            BestValidationDice = _state.BestValidationDice,
            BestShuffledConditionDice = sdseg || _state.BestShuffledConditionDice is not null ? _state.BestShuffledConditionDice : null,
            ConstantMaskValidationDice = _state.ConstantMaskValidationDice,
            BestStep = _state.BestStep,
            DenoiserSteps = _state.DenoiserSteps,
            FirstStageSteps = _state.FirstStageSteps,
            FirstStageTrained = _state.FirstStageTrained,
            FirstStageSource = _state.FirstStageSource,
            FirstStageReconstructionDice = _state.FirstStageReconstructionDice,
            SetupSeconds = Math.Round(_state.SetupSeconds, 2),
            FirstStageSeconds = Math.Round(_state.FirstStageSeconds, 2),
            DenoiserSeconds = Math.Round(_state.DenoiserSeconds, 2),
            ValidationSeconds = Math.Round(_state.ValidationSeconds, 2),
            TotalSeconds = Math.Round(_state.ElapsedSeconds, 2),
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
        _log.Write(FormattableString.Invariant(
                $"Run {status}: {result.DenoiserSteps} training steps, best validation Dice {(result.BestValidationDice is { } d ? d.ToString("F4", CultureInfo.InvariantCulture) : "n/a")}")
            + (result.ConstantMaskValidationDice is { } c ? FormattableString.Invariant($" (constant mask {c:F4})") : "")
            + FormattableString.Invariant(
                $"; time {result.TotalSeconds:F0} s = setup {result.SetupSeconds:F0} + first stage {result.FirstStageSeconds:F0} + {trainer?.Phase ?? "denoiser"} {result.DenoiserSeconds:F0} + validation and checkpoints {result.ValidationSeconds:F0}; {result.ImagesPerSecond:F1} images/s."));
        if (status == "completed")
            Emit(new ProgressEvent { Phase = "done", Step = _state.DenoiserSteps, TotalSteps = _options.Steps, ValidationDice = _state.BestValidationDice, Message = "training finished" });
        return result;
    }

    void EmitStep(string phase, IReadOnlyDictionary<string, double> losses, double learningRate, long done, long? total, double? budget)
    {
        double secondsPerStep = _clock.Seconds(TrainingClock.Phase.Training) / Math.Max(1, done);
        double? eta = total is { } t ? (t - done) * secondsPerStep : budget - _clock.Total;
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
