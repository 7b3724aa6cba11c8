using System.Globalization;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Networks.Autoencoder;
using SdSeg.Model.Networks.Conditioning;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Training;

/// <summary>
/// Trains the first stage (AutoencoderKL) on masks in {−1, +1} replicated to 3 channels, one step at a time, for
/// configurations no pretrained kl-f8 fits. The loss is LDM's KL-autoencoder objective without its perceptual and GAN
/// terms: Σ|x − x̂| + w·KL per sample, divided by the pixel count so the first term reads as a mean L1 (Adam does not
/// care about the common factor); x̂ decodes a posterior sample. The masks are binary and the decoder is judged by
/// thresholding, so L1 alone is enough. Afterwards <see cref="CopyEncoder"/> gives the condition encoder the trained
/// encoder, as the official init copies kl-f8's encoder into <c>cond_stage_model.encoder</c>, and <see cref="Finish"/>
/// freezes the autoencoder again for SDSeg training.
/// </summary>
public sealed class MaskAutoencoderTrainer : IDisposable
{
    const string TrainerName = nameof(MaskAutoencoderTrainer);
    const string GeneratorKey = "trainer_state.generator";

    readonly AutoencoderKL _autoencoder;
    readonly AdamW _optimizer;
    readonly Generator _generator;
    readonly List<(string Name, Parameter Parameter)> _optimized;
    bool _disposed;

    /// <summary>Unfreezes <paramref name="autoencoder"/>, moves it to <paramref name="device"/> in train mode and builds AdamW over all its parameters.</summary>
    public MaskAutoencoderTrainer(AutoencoderKL autoencoder, Device device, MaskAutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(autoencoder);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validated();
        _autoencoder = autoencoder;
        Device = device;
        autoencoder.Unfreeze();
        autoencoder.to(device);
        autoencoder.train();
        _optimized = autoencoder.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        _optimizer = new AdamW(_optimized.Select(p => p.Parameter).ToList(), lr: options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: options.WeightDecay);
        _generator = new Generator((ulong)options.Seed);
    }

    public AutoencoderKL Autoencoder => _autoencoder;
    public Device Device { get; }
    public MaskAutoencoderOptions Options { get; }

    /// <summary>Optimisation steps done so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// One step on masks [B, 3, H, W] in {−1, +1} (H and W multiples of the autoencoder's downsampling factor) at the
    /// learning rate × <paramref name="learningRateFactor"/> (a caller that knows its budget decays it, so the weights it
    /// keeps come from small steps rather than wherever a large one left them).
    /// </summary>
    public MaskAutoencoderStepResult Step(Tensor masks, double learningRateFactor = 1.0)
    {
        if (!(learningRateFactor >= 0) || double.IsInfinity(learningRateFactor))
            throw new ArgumentOutOfRangeException(nameof(learningRateFactor), learningRateFactor, "The learning-rate factor must be zero or positive.");
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_autoencoder.IsFrozen)
            throw new InvalidOperationException("The autoencoder was frozen (Finish or SdSegModel) after this trainer was built; build a new trainer to train it again.");
        ValidateMasks(masks);
        _autoencoder.train();
        using var scope = NewDisposeScope();
        var x = masks.to(float32).to(Device);
        double learningRate = Options.LearningRate * learningRateFactor;
        foreach (var group in _optimizer.ParamGroups)
            group.LearningRate = learningRate;
        _optimizer.zero_grad();
        var posterior = _autoencoder.Encode(x);
        var reconstruction = _autoencoder.Decode(posterior.Sample(_generator));
        var l1 = (x - reconstruction).abs().mean();
        var kl = posterior.Kl().mean();
        long pixels = x.shape[1] * x.shape[2] * x.shape[3];
        var total = l1 + kl * (Options.KlWeight / pixels);
        total.backward();
        _optimizer.step();
        long step = StepCount++;
        return new MaskAutoencoderStepResult(step, total.item<float>(), l1.item<float>(), kl.item<float>(), learningRate);
    }

    /// <summary>Mean L1 of the decoded posterior mode against masks [B, 3, H, W], without gradients (eval mode; for validation).</summary>
    public double ReconstructionError(Tensor masks) => Reconstruction(masks).L1;

    /// <summary>
    /// How well the autoencoder reproduces masks [B, 3, H, W] (eval mode, posterior mode, no gradients): the mean L1 and the
    /// mean Dice of the decoded masks thresholded as SDSeg's inference thresholds them (channel mean > 0). The Dice is the
    /// ceiling of any SDSeg model built on this first stage.
    /// </summary>
    public MaskReconstructionScores Reconstruction(Tensor masks)
    {
        ValidateMasks(masks);
        return Reconstruction(_autoencoder, masks, Device);
    }

    /// <summary>The reconstruction scores of <paramref name="autoencoder"/> (see the instance method) on <paramref name="device"/>.</summary>
    public static MaskReconstructionScores Reconstruction(AutoencoderKL autoencoder, Tensor masks, Device device)
    {
        ArgumentNullException.ThrowIfNull(autoencoder);
        ArgumentNullException.ThrowIfNull(masks);
        bool training = autoencoder.training;
        autoencoder.to(device);
        autoencoder.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var x = masks.to(float32).to(device);
            var decoded = autoencoder.Decode(autoencoder.Encode(x).Mode());
            double l1 = (x - decoded).abs().mean().item<float>();
            var predicted = decoded.mean([1]).gt(0).to(float32).flatten(1);
            var truth = x.mean([1]).gt(0).to(float32).flatten(1);
            var overlap = (predicted * truth).sum(1);
            var sizes = predicted.sum(1) + truth.sum(1);
            // Two empty masks agree perfectly.
            var dice = where(sizes.eq(0), ones_like(sizes), 2 * overlap / sizes.clamp_min(1));
            return new MaskReconstructionScores(l1, dice.mean().item<float>());
        }
        finally
        {
            autoencoder.train(training);
        }
    }

    /// <summary>Freezes the autoencoder again (eval mode, no gradients): the first stage as SDSeg training expects it.</summary>
    public void Finish() => _autoencoder.Freeze();

    /// <summary>
    /// Copies <paramref name="source"/>'s <c>encoder.*</c> weights into <paramref name="target"/>'s <c>encoder</c> (the official
    /// init of <c>cond_stage_model.encoder</c> from kl-f8); the condition encoder's <c>out</c> conv keeps its own weights.
    /// </summary>
    public static void CopyEncoder(AutoencoderKL source, ConditionEncoder target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        StateDictLoader.Load(target.Encoder, source.Encoder.state_dict(), StateDictLoadOptions.Strict, "the trained first-stage encoder");
    }

    /// <summary>Copies this trainer's encoder into <paramref name="target"/> (see <see cref="CopyEncoder(AutoencoderKL, ConditionEncoder)"/>).</summary>
    public void CopyEncoderTo(ConditionEncoder target) => CopyEncoder(_autoencoder, target);

    /// <summary>Writes the autoencoder, AdamW's state, the generator state and the step count into one safetensors file.</summary>
    public void SaveState(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        var tensors = _autoencoder.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (key, value) in AdamWStateTensors.Export(_optimizer, _optimized))
            tensors[key] = value;
        tensors[GeneratorKey] = _generator.get_state();
        var header = new TrainingStateHeader
        {
            Trainer = TrainerName,
            Step = StepCount,
            Settings = new Dictionary<string, string>
            {
                ["learning_rate"] = Options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
                ["kl_weight"] = Options.KlWeight.ToString("R", CultureInfo.InvariantCulture),
                ["seed"] = Options.Seed.ToString(CultureInfo.InvariantCulture),
            },
        };
        SafetensorsCheckpoint.Save(path, tensors, new Dictionary<string, string> { [TrainingStateHeader.MetadataKey] = header.ToJson() });
    }

    /// <summary>Restores a state written by <see cref="SaveState"/>; everything is checked before anything is copied.</summary>
    public void LoadState(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var header = TrainingStateHeader.Read(SafetensorsCheckpoint.ReadMetadata(path), TrainerName, path);
        var options = new StateDictLoadOptions { AllowUnexpectedPrefixes = [AdamWStateTensors.Prefix, "trainer_state."] };
        TrainingStateRestore.Restore(path, _autoencoder, options, _optimizer, _optimized,
            check: tensors =>
            {
                if (!tensors.ContainsKey(GeneratorKey))
                    throw new InvalidDataException($"'{path}' lacks the generator state ({GeneratorKey}).");
            },
            apply: tensors => _generator.set_state(tensors[GeneratorKey]));
        StepCount = header.Step;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _optimizer.Dispose();
        _generator.Dispose();
    }

    void ValidateMasks(Tensor masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        int inChannels = _autoencoder.Config.DdConfig.InChannels;
        int factor = 1 << (_autoencoder.Config.DdConfig.ChMult.Count - 1);
        if (masks.dim() != 4 || masks.shape[0] < 1 || masks.shape[1] != inChannels || masks.shape[2] % factor != 0 || masks.shape[3] % factor != 0)
            throw new ArgumentException(
                $"Masks must have shape [B, {inChannels}, H, W] with H and W multiples of {factor}; got [{string.Join(", ", masks.shape)}].", nameof(masks));
        using var scope = NewDisposeScope();
        if (masks.abs().ne(1).any().item<bool>())
            throw new ArgumentException("Masks must hold only −1 and +1 (a {0, 1} mask maps to mask·2 − 1).", nameof(masks));
    }
}
