using System.Globalization;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Training;

/// <summary>
/// SDSeg training one optimisation step at a time (spec §2, official <c>SDSeg.training_step</c> with its Lightning hooks):
/// scale_factor from the first batch, z0 = scale_factor · posterior sample of the mask, c = τθ(image), t ~ U{0..T−1},
/// the L1 noise + latent-estimation loss, AdamW over the UNet and the condition encoder with the warm-up factor of the
/// step, then the EMA update of the UNet. Timesteps, noise and posterior samples come from one CPU generator seeded by
/// the options, so a run is reproducible, and its state (<see cref="SaveState"/>) resumes bit-exactly on the same machine.
/// </summary>
public sealed class SdSegTrainer : IDisposable
{
    const string TrainerName = nameof(SdSegTrainer);
    const string GeneratorKey = "trainer_state.generator";
    const string GlobalGeneratorKey = "trainer_state.global_generator";
    const double ImageRangeTolerance = 1e-4;

    readonly SdSegModel _model;
    readonly AdamW _optimizer;
    readonly Generator _generator;
    readonly SdSegObjective _objective;
    readonly List<(string Name, Parameter Parameter)> _optimized;
    readonly bool _ownsEma;
    readonly TrainingNoiseSampler _sampler;
    double _budgetProgress;
    bool _disposed;

    /// <summary>
    /// Moves <paramref name="model"/> to <paramref name="device"/>, freezes its first stage, and builds AdamW (betas 0.9/0.999,
    /// eps 1e-8) with the official param groups: the UNet at the options' learning rate and the condition encoder at
    /// lr × <see cref="SdSegTrainingOptions.CondStageLearningRateFactor"/>. The EMA starts from the model's current UNet
    /// weights unless <paramref name="ema"/> (e.g. loaded with the model) is given; it is ignored when EMA is off.
    /// Seeds the global torch generator too, since dropout draws from it.
    /// </summary>
    public SdSegTrainer(SdSegModel model, Device device, SdSegTrainingOptions options, EmaWeights? ema = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validated();
        _model = model;
        Device = device;

        if (!model.FirstStageModel.IsFrozen)
            model.FirstStageModel.Freeze();
        model.to(device);
        SetTrainMode();

        _optimized = Prefixed("model.", model.Model.named_parameters()).ToList();
        // Materialised lists: a param group re-enumerates its parameters at every step.
        var groups = new List<AdamW.ParamGroup>
        {
            new(_optimized.Select(p => p.Parameter).ToList(), lr: options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: options.WeightDecay),
        };
        if (model.Config.CondStageTrainable)
        {
            var cond = Prefixed("cond_stage_model.", model.CondStageModel.named_parameters()).ToList();
            _optimized.AddRange(cond);
            groups.Add(new(cond.Select(p => p.Parameter).ToList(), lr: options.LearningRate * options.CondStageLearningRateFactor,
                beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: options.WeightDecay));
        }
        // The optim.AdamW factory defaults beta2 to 0.99; the constructor with explicit groups keeps PyTorch's 0.999.
        _optimizer = new AdamW(groups, lr: options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: options.WeightDecay);
        ApplyLearningRateFactor();

        if (options.UseEma)
        {
            _ownsEma = ema is null;
            Ema = ema ?? new EmaWeights(model.Model);
            Ema.to(device);
        }

        _generator = new Generator((ulong)options.Seed);
        random.manual_seed(options.Seed);
        _objective = new SdSegObjective(model.Schedule, model.Config);
        _sampler = new TrainingNoiseSampler(model.Config);
    }

    public SdSegModel Model => _model;
    public Device Device { get; }
    public SdSegTrainingOptions Options { get; }

    /// <summary>The EMA copy of the UNet (null when EMA is off); use <see cref="UseEmaWeights"/> for validation.</summary>
    public EmaWeights? Ema { get; }

    /// <summary>Optimisation steps done so far (Lightning's <c>global_step</c>); the next step's index.</summary>
    public long StepCount { get; private set; }

    /// <summary>The learning rate of each param group (UNet first, then the condition encoder) for the next step.</summary>
    public IReadOnlyList<double> ParamGroupLearningRates => _optimizer.ParamGroups.Select(g => g.LearningRate).ToList();

    /// <summary>The warm-up factor of step <paramref name="step"/> (1 without a schedule).</summary>
    public double LearningRateFactor(long step) => Options.Schedule?.Factor(step) ?? 1.0;

    /// <summary>
    /// The budget decay factor at <paramref name="budgetProgress"/> (0 at the start of the run's budget, 1 at its end):
    /// linear from 1 to the config's <c>lr_decay_to</c>, or 1 when the config has none.
    /// </summary>
    public double BudgetDecayFactor(double budgetProgress) => _model.Config.LearningRateDecayTo is { } to
        ? 1.0 - (1.0 - to) * Math.Clamp(budgetProgress, 0, 1)
        : 1.0;

    /// <summary>
    /// One optimisation step on images [B, 3, P, P] in [−1, 1] and masks [B, 3, P, P] in {−1, +1} (P the model's pixel
    /// size); tensors may live on any device. Returns the loss terms and the learning rate the step used.
    /// </summary>
    public SdSegStepResult Step(Tensor images, Tensor masks, double budgetProgress = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ValidateBatch(images, masks);
        SetTrainMode();
        long step = StepCount;
        _budgetProgress = budgetProgress;
        double learningRate = ApplyLearningRateFactor();

        using var scope = NewDisposeScope();
        var x = masks.to(float32).to(Device);
        var xc = images.to(float32).to(Device);
        if (Options.ScaleByStd && step == 0)
            InitialiseScaleFactor(x);

        var z0 = _model.EncodeFirstStage(x, _generator);
        var (timesteps, drawn) = _sampler.Draw(_generator, z0.shape);
        var t = timesteps.to(Device);
        var noise = drawn.to(Device);
        Tensor condition;
        if (_model.Config.CondStageTrainable)
            condition = _model.GetLearnedConditioning(xc);
        else
            using (no_grad())
                condition = _model.GetLearnedConditioning(xc);

        _optimizer.zero_grad();
        var pixel = _model.Config.PixelLossWeight > 0
            ? new PixelLossTarget(_model.DecodeFirstStageWithGradient, x.narrow(1, 0, 1).add(1.0).div(2.0))
            : null;
        var loss = _objective.Compute(_model.ApplyModel, z0, condition, t, noise, pixel);
        loss.Total.backward();
        _optimizer.step();
        Ema?.Update(_model.Model);
        StepCount = step + 1;
        // As LambdaLR.step() after each optimiser step: the param groups show the next step's rate.
        ApplyLearningRateFactor();

        return new SdSegStepResult(step, loss.Total.item<float>(), loss.Simple.item<float>(), loss.Seg.item<float>(), learningRate,
            loss.Pixel?.item<float>());
    }

    /// <summary>The official <c>ema_scope</c>: the UNet runs on its EMA weights until disposed (a no-op without EMA).</summary>
    public IDisposable UseEmaWeights() => Ema is null ? new EmaScope(() => { }) : Ema.Apply(_model.Model);

    /// <summary>The final model file (model and EMA in the official layout, config in the metadata; no optimiser state).</summary>
    public void SaveModel(string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SdSegModelFile.Save(path, _model, Ema, metadata);

    /// <summary>
    /// Writes everything a resume needs into one safetensors file: the model (official keys), the EMA (<c>model_ema.*</c>),
    /// AdamW's moments and step per parameter (<c>optimizer_state.{name}.*</c>), both generators' states
    /// (<c>trainer_state.*</c>), and in the metadata the config YAML and a JSON header with the step count.
    /// </summary>
    public void SaveState(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        var tensors = _model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (Ema is not null)
            foreach (var (key, value) in Ema.CheckpointStateDict())
                tensors[key] = value;
        foreach (var (key, value) in AdamWStateTensors.Export(_optimizer, _optimized))
            tensors[key] = value;
        tensors[GeneratorKey] = _generator.get_state();
        tensors[GlobalGeneratorKey] = get_rng_state();
        var header = new TrainingStateHeader { Trainer = TrainerName, Step = StepCount, HasEma = Ema is not null, Settings = Settings() };
        SafetensorsCheckpoint.Save(path, tensors, new Dictionary<string, string>
        {
            [TrainingStateHeader.MetadataKey] = header.ToJson(),
            [SdSegModelFile.ConfigMetadataKey] = OfficialConfigWriter.Write(_model.Config),
        });
    }

    /// <summary>
    /// Restores a state written by <see cref="SaveState"/> for the same configuration: weights, EMA, optimiser moments,
    /// generators and step count. Every entry is checked before anything is copied, so a mismatch changes nothing.
    /// </summary>
    public void LoadState(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var header = TrainingStateHeader.Read(SafetensorsCheckpoint.ReadMetadata(path), TrainerName, path);
        if (header.HasEma != (Ema is not null))
            throw new InvalidDataException(header.HasEma
                ? $"'{path}' was saved with EMA weights but this trainer runs without EMA (use_ema)."
                : $"'{path}' was saved without EMA weights but this trainer keeps an EMA (use_ema).");
        var modelOptions = new StateDictLoadOptions { AllowUnexpectedPrefixes = [EmaWeights.CheckpointPrefix, AdamWStateTensors.Prefix, "trainer_state."] };
        Dictionary<string, Tensor> EmaTensors(IReadOnlyDictionary<string, Tensor> tensors) =>
            tensors.Where(kv => kv.Key.StartsWith(EmaWeights.CheckpointPrefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[EmaWeights.CheckpointPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        TrainingStateRestore.Restore(path, _model, modelOptions, _optimizer, _optimized,
            check: tensors =>
            {
                if (Ema is not null)
                {
                    var emaReport = StateDictLoader.Check(Ema, EmaTensors(tensors), StateDictLoadOptions.Strict, $"{path} [{EmaWeights.CheckpointPrefix}*]");
                    if (!emaReport.IsAcceptable)
                        throw new CheckpointMismatchException(emaReport);
                }
                if (!tensors.ContainsKey(GeneratorKey) || !tensors.ContainsKey(GlobalGeneratorKey))
                    throw new InvalidDataException($"'{path}' lacks the generator states ({GeneratorKey}, {GlobalGeneratorKey}).");
            },
            apply: tensors =>
            {
                if (Ema is not null)
                    StateDictLoader.Load(Ema, EmaTensors(tensors), StateDictLoadOptions.Strict, path);
                _generator.set_state(tensors[GeneratorKey]);
                set_rng_state(tensors[GlobalGeneratorKey]);
            });
        StepCount = header.Step;
        ApplyLearningRateFactor();
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _optimizer.Dispose();
        _generator.Dispose();
        _sampler.Dispose();
        if (_ownsEma)
            Ema?.Dispose();
    }

    /// <summary>
    /// The official <c>on_train_batch_start</c> with scale_by_std: scale_factor = 1/std of the flattened posterior sample
    /// of the first batch's masks, taken before any scaling (the official code asserts the configured factor is 1).
    /// </summary>
    void InitialiseScaleFactor(Tensor masks)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var z = _model.FirstStageModel.Encode(masks).Sample(_generator);
        double std = z.flatten().std(unbiased: true).item<float>();
        if (!(std > 0) || double.IsInfinity(std))
            throw new InvalidOperationException($"The first batch's mask latents have standard deviation {std}; scale_factor = 1/std cannot be set.");
        _model.ScaleFactor = 1.0 / std;
    }

    double ApplyLearningRateFactor()
    {
        double factor = LearningRateFactor(StepCount) * BudgetDecayFactor(_budgetProgress);
        foreach (var group in _optimizer.ParamGroups)
            group.LearningRate = group.InitialLearningRate * factor;
        return _optimizer.ParamGroups.First().LearningRate;
    }

    void SetTrainMode()
    {
        _model.train();
        if (!_model.Config.CondStageTrainable)
            _model.CondStageModel.eval();
    }

    void ValidateBatch(Tensor images, Tensor masks)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(masks);
        int size = _model.Config.PixelSize;
        if (images.dim() != 4 || images.shape[1] != 3 || images.shape[2] != size || images.shape[3] != size)
            throw new ArgumentException($"Images must have shape [B, 3, {size}, {size}] for this model; got [{string.Join(", ", images.shape)}].", nameof(images));
        if (!masks.shape.SequenceEqual(images.shape))
            throw new ArgumentException($"Masks must have the images' shape [{string.Join(", ", images.shape)}] (the mask replicated to 3 channels); got [{string.Join(", ", masks.shape)}].", nameof(masks));
        if (images.shape[0] < 1)
            throw new ArgumentException("The batch is empty.", nameof(images));
        using var scope = NewDisposeScope();
        if (masks.abs().ne(1).any().item<bool>())
            throw new ArgumentException("Masks must hold only −1 and +1 (a {0, 1} mask maps to mask·2 − 1).", nameof(masks));
        double min = images.min().item<float>(), max = images.max().item<float>();
        if (!(min >= -1 - ImageRangeTolerance && max <= 1 + ImageRangeTolerance))
            throw new ArgumentException($"Images must lie in [−1, 1] (pixel/127.5 − 1); got values in [{min}, {max}].", nameof(images));
    }

    Dictionary<string, string> Settings() => new(StringComparer.Ordinal)
    {
        ["learning_rate"] = Options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["base_learning_rate"] = Options.BaseLearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["batch_size"] = Options.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["weight_decay"] = Options.WeightDecay.ToString("R", CultureInfo.InvariantCulture),
        ["warm_up_steps"] = (Options.Schedule?.WarmUpSteps ?? 0).ToString(CultureInfo.InvariantCulture),
        ["seed"] = Options.Seed.ToString(CultureInfo.InvariantCulture),
        ["scale_factor"] = _model.ScaleFactor.ToString("R", CultureInfo.InvariantCulture),
    };

    static IEnumerable<(string Name, Parameter Parameter)> Prefixed(string prefix, IEnumerable<(string name, Parameter parameter)> parameters) =>
        parameters.Where(p => p.parameter.requires_grad).Select(p => (prefix + p.name, p.parameter));
}
