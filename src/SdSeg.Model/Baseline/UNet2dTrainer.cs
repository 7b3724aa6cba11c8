using System.Globalization;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Baseline;

/// <summary>
/// Trains the baseline U-Net one optimisation step at a time, driven like <see cref="SdSegTrainer"/>: the same batches
/// (images [B, 3, P, P] in [−1, 1], masks in {−1, +1}), a step result with the loss terms and learning rate, and one
/// safetensors state file for resuming. Loss: BCE-with-logits + soft Dice; optimiser: Adam at a constant rate. A step
/// draws nothing at random (augmentation is the data loader's), so a resumed run continues exactly.
/// </summary>
public sealed class UNet2dTrainer : IDisposable
{
    const string TrainerName = nameof(UNet2dTrainer);
    const double ImageRangeTolerance = 1e-4;

    readonly UNet2d _model;
    readonly AdamW _optimizer;
    readonly List<(string Name, Parameter Parameter)> _optimized;
    bool _disposed;

    /// <summary>Moves <paramref name="model"/> to <paramref name="device"/> and builds Adam (betas 0.9/0.999, eps 1e-8) over all its parameters.</summary>
    public UNet2dTrainer(UNet2d model, Device device, UNet2dTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validated();
        _model = model;
        Device = device;
        model.to(device);
        model.train();
        _optimized = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)).ToList();
        // AdamW with zero weight decay is Adam exactly; it shares the named optimiser-state layout of SDSeg's state files.
        var group = new AdamW.ParamGroup(_optimized.Select(p => p.Parameter), lr: options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0);
        _optimizer = new AdamW([group], lr: options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0);
    }

    public UNet2d Model => _model;
    public Device Device { get; }
    public UNet2dTrainingOptions Options { get; }

    /// <summary>Optimisation steps done so far; the next step's index.</summary>
    public long StepCount { get; private set; }

    /// <summary>The learning rate of the next step.</summary>
    public double LearningRate => _optimizer.ParamGroups.First().LearningRate;

    /// <summary>
    /// One optimisation step on images [B, 3, P, P] in [−1, 1] and masks [B, 1, P, P] or [B, 3, P, P] (the mask replicated,
    /// as the SDSeg trainer takes it) in {−1, +1}; tensors may live on any device. The target is (mask + 1) / 2 of channel 0.
    /// </summary>
    public UNet2dStepResult Step(Tensor images, Tensor masks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ValidateBatch(images, masks);
        _model.train();
        long step = StepCount;
        double learningRate = LearningRate;

        using var scope = NewDisposeScope();
        var x = images.to(float32).to(Device);
        var target = TargetOf(masks.to(float32).to(Device));
        _optimizer.zero_grad();
        var logits = _model.call(x);
        using var loss = SoftDiceBceLoss.Compute(logits, target);
        loss.Total.backward();
        _optimizer.step();
        StepCount = step + 1;
        return new UNet2dStepResult(step, loss.Total.item<float>(), loss.Bce.item<float>(), loss.Dice.item<float>(), learningRate);
    }

    /// <summary>The final model file (weights and config; no optimiser state), see <see cref="UNet2dModelFile"/>.</summary>
    public void SaveModel(string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        UNet2dModelFile.Save(path, _model, metadata);

    /// <summary>
    /// Writes everything a resume needs into one safetensors file: the weights and norm statistics (model keys), Adam's
    /// moments and step per parameter (<c>optimizer_state.{name}.*</c>), and in the metadata the config YAML and a JSON
    /// header (<see cref="TrainingStateHeader"/>) with the step count.
    /// </summary>
    public void SaveState(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        var tensors = _model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (key, value) in AdamWStateTensors.Export(_optimizer, _optimized))
            tensors[key] = value;
        var header = new TrainingStateHeader { Trainer = TrainerName, Step = StepCount, HasEma = false, Settings = Settings() };
        SafetensorsCheckpoint.Save(path, tensors, new Dictionary<string, string>
        {
            [TrainingStateHeader.MetadataKey] = header.ToJson(),
            [UNet2dModelFile.ConfigMetadataKey] = UNet2dConfigYaml.Write(_model.Config),
        });
    }

    /// <summary>
    /// Restores a state written by <see cref="SaveState"/> for the same configuration: weights, norm statistics, Adam's
    /// moments and the step count. Everything is checked before anything is copied, so a mismatch changes nothing.
    /// </summary>
    public void LoadState(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var header = TrainingStateHeader.Read(SafetensorsCheckpoint.ReadMetadata(path), TrainerName, path);
        var options = new StateDictLoadOptions { AllowUnexpectedPrefixes = [AdamWStateTensors.Prefix] };
        TrainingStateRestore.Restore(path, _model, options, _optimizer, _optimized);
        StepCount = header.Step;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _optimizer.Dispose();
    }

    /// <summary>Channel 0 of {−1, +1} masks as a {0, 1} target [B, 1, P, P].</summary>
    static Tensor TargetOf(Tensor masks) => (masks.narrow(1, 0, 1) + 1.0) / 2.0;

    void ValidateBatch(Tensor images, Tensor masks)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(masks);
        int size = _model.PixelSize;
        long channels = _model.Config.InChannels;
        if (images.dim() != 4 || images.shape[1] != channels || images.shape[2] != size || images.shape[3] != size)
            throw new ArgumentException($"Images must have shape [B, {channels}, {size}, {size}] for this model; got [{string.Join(", ", images.shape)}].", nameof(images));
        if (images.shape[0] < 1)
            throw new ArgumentException("The batch is empty.", nameof(images));
        if (masks.dim() != 4 || masks.shape[0] != images.shape[0] || (masks.shape[1] != 1 && masks.shape[1] != 3) || masks.shape[2] != size || masks.shape[3] != size)
            throw new ArgumentException($"Masks must have shape [{images.shape[0]}, 1 or 3, {size}, {size}]; got [{string.Join(", ", masks.shape)}].", nameof(masks));
        using var scope = NewDisposeScope();
        if (masks.abs().ne(1).any().item<bool>())
            throw new ArgumentException("Masks must hold only −1 and +1 (a {0, 1} mask maps to mask·2 − 1).", nameof(masks));
        if (masks.shape[1] == 3 && masks.ne(masks.narrow(1, 0, 1)).any().item<bool>())
            throw new ArgumentException("A 3-channel mask must repeat one mask in every channel.", nameof(masks));
        double min = images.min().item<float>(), max = images.max().item<float>();
        if (!(min >= -1 - ImageRangeTolerance && max <= 1 + ImageRangeTolerance))
            throw new ArgumentException($"Images must lie in [−1, 1] (pixel/127.5 − 1); got values in [{min}, {max}].", nameof(images));
    }

    Dictionary<string, string> Settings() => new(StringComparer.Ordinal)
    {
        ["learning_rate"] = Options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["batch_size"] = Options.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Options.Seed.ToString(CultureInfo.InvariantCulture),
        ["loss"] = "bce_with_logits + soft_dice",
        ["optimizer"] = "adam",
    };
}
