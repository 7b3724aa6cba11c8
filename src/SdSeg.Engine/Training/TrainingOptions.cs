using SdSeg.Engine.Datasets;
namespace SdSeg.Engine.Training;

/// <summary>
/// What a training run is asked to do (from <c>spec.json</c> plus the settings only <c>sdseg train</c> sets): the data,
/// split, configuration, budget (steps or wall time for the whole run), batch size, seed, device and validation rate.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>A dataset folder or zip in any layout the importer knows, or an imported dataset (with dataset.json).</summary>
    public required string Data { get; init; }

    /// <summary>A preset name or an official-format YAML file.</summary>
    public required string Config { get; init; }

    /// <summary>A split folder (train.txt, validation.txt, test.txt) to use instead of a seeded split.</summary>
    public string? SplitFile { get; init; }

    /// <summary>Train/validation/test proportions of a seeded split (default 0.8/0.1/0.1); ignored with a split file.</summary>
    public SplitProportions? SplitProportions { get; init; }

    /// <summary>Pretrained first-stage (kl-f8 layout) weights; when absent the first stage is trained on the masks.</summary>
    public string? FirstStageWeights { get; init; }

    /// <summary>Train the first stage on the training masks even where the shipped mask autoencoder fits.</summary>
    public bool TrainFirstStage { get; init; }

    /// <summary>
    /// A first stage trained under a time budget gets at least this many steps, however short the budget: an autoencoder
    /// that has barely started decodes every latent to noise, and no denoiser can do better than its first stage.
    /// </summary>
    public int MinimumFirstStageSteps { get; init; } = 200;

    /// <summary>Denoiser optimisation steps (the first stage, when trained, gets a quarter of this on top).</summary>
    public int? Steps { get; init; }

    /// <summary>Wall time for the whole run: first stage (about 7 % when trained), denoiser and validation.</summary>
    public TimeSpan? TimeBudget { get; init; }

    public int BatchSize { get; init; } = 4;
    public long Seed { get; init; }
    public string Device { get; init; } = "auto";

    /// <summary>Validate (and checkpoint) every this many denoiser steps; null picks a rate from the budget.</summary>
    public int? ValidateEvery { get; init; }

    /// <summary>
    /// Share of a time budget given to the first stage when it is trained. Small on purpose: on Kvasir-SEG a first stage
    /// trained for 20 % reconstructed masks better (Dice 0.94 vs 0.71) but the denoiser learned far worse from its latents
    /// in the rest of a CPU budget (validation Dice 0.22 vs 0.51; README, "How the small recipe was tuned").
    /// </summary>
    public double FirstStageShare { get; init; } = 0.07;

    /// <summary>
    /// Side of the random square crops the first stage trains on; null: half the input size from 128 px up (a 64 px crop
    /// costs a quarter of a 128 px image, and a convolutional autoencoder of masks learns edges from crops as well as from
    /// whole images, as LDM trained its autoencoders on crops), the whole input below that.
    /// </summary>
    public int? FirstStageCrop { get; init; }

    /// <summary>The first-stage crop for inputs of <paramref name="pixelSize"/> (see <see cref="FirstStageCrop"/>).</summary>
    public int FirstStageCropFor(int pixelSize) => Math.Min(pixelSize, FirstStageCrop ?? (pixelSize >= 128 ? pixelSize / 2 : pixelSize));

    /// <summary>This instance, or a clear error naming the first bad setting.</summary>
    public TrainingOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(Data))
            throw new ArgumentException("Training needs a dataset (--data): a folder, a zip or an imported dataset.");
        if (string.IsNullOrWhiteSpace(Config))
            throw new ArgumentException("Training needs a configuration (--config): a preset name or an official YAML file.");
        if (Steps is null == TimeBudget is null)
            throw new ArgumentException("Give exactly one budget: a step count (--steps N) or a time budget (--time-budget 30m).");
        if (Steps is < 1)
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "The step count must be at least 1.");
        if (TimeBudget is { } budget && budget <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TimeBudget), TimeBudget, "The time budget must be positive.");
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        if (ValidateEvery is < 1)
            throw new ArgumentOutOfRangeException(nameof(ValidateEvery), ValidateEvery, "Validation every N steps needs N of at least 1.");
        if (FirstStageCrop is < 8)
            throw new ArgumentOutOfRangeException(nameof(FirstStageCrop), FirstStageCrop, "The first-stage crop must be at least 8 pixels.");
        if (MinimumFirstStageSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(MinimumFirstStageSteps), MinimumFirstStageSteps, "The first stage needs at least one step.");
        if (FirstStageShare is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(FirstStageShare), FirstStageShare, "The first stage's share of the time budget must be between 0 and 1.");
        return this;
    }
}
