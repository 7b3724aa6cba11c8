using SdSeg.Model.Configuration;

namespace SdSeg.Model.Training;

/// <summary>
/// The optimisation settings of an SDSeg run (spec §2): the learning rate (official <c>--scale_lr</c>: batch size times
/// the config's base rate), AdamW's weight decay, the warm-up schedule, EMA on/off and the seed of the training noise.
/// </summary>
public sealed record SdSegTrainingOptions
{
    /// <summary>The official <c>main.py --seed</c> default.</summary>
    public const long OfficialSeed = 23;

    /// <summary>The config's <c>base_learning_rate</c> (before scaling by the batch size).</summary>
    public double BaseLearningRate { get; init; } = 1e-5;

    /// <summary>The batch size the learning rate is scaled by (the batch size of the data loader).</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>The official <c>--scale_lr</c> (on by default): lr = batch size · base rate, else lr = base rate.</summary>
    public bool ScaleLearningRate { get; init; } = true;

    /// <summary>Multiplier of the condition encoder's learning rate (the official param groups use 1).</summary>
    public double CondStageLearningRateFactor { get; init; } = 1.0;

    /// <summary>AdamW weight decay (the official code uses PyTorch's AdamW default, 0.01).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>The warm-up factor of the learning rate per step, or null for a constant rate (no <c>scheduler_config</c>).</summary>
    public LambdaLinearSchedule? Schedule { get; init; } = new(10000, 1e-6, 1.0, 1.0);

    /// <summary>Whether the first step sets scale_factor = 1/std of its mask latents (official <c>scale_by_std</c>).</summary>
    public bool ScaleByStd { get; init; } = true;

    /// <summary>Whether an EMA copy of the UNet is kept (official <c>use_ema</c>).</summary>
    public bool UseEma { get; init; } = true;

    /// <summary>Seeds the generator of timesteps, noise and posterior samples (and the global generator dropout uses).</summary>
    public long Seed { get; init; } = OfficialSeed;

    /// <summary>The learning rate the optimiser is built with: batch size · base rate under <see cref="ScaleLearningRate"/>.</summary>
    public double LearningRate => ScaleLearningRate ? BatchSize * BaseLearningRate : BaseLearningRate;

    /// <summary>The options an official-format config implies, for a run with the given batch size and seed.</summary>
    public static SdSegTrainingOptions FromConfig(SdSegConfig config, int batchSize, long seed = OfficialSeed)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new SdSegTrainingOptions
        {
            BaseLearningRate = config.BaseLearningRate,
            BatchSize = batchSize,
            CondStageLearningRateFactor = config.CondStageLearningRateFactor,
            WeightDecay = config.WeightDecay,
            Schedule = config.UseScheduler
                ? new LambdaLinearSchedule(config.WarmUpSteps, config.WarmUpFStart, config.FMax, config.FMin, config.CycleLength)
                : null,
            ScaleByStd = config.ScaleByStd,
            UseEma = config.UseEma,
            Seed = seed,
        }.Validated();
    }

    /// <summary>This instance, or a clear error naming the first setting out of range.</summary>
    public SdSegTrainingOptions Validated()
    {
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        if (!(BaseLearningRate > 0) || double.IsInfinity(BaseLearningRate))
            throw new ArgumentOutOfRangeException(nameof(BaseLearningRate), BaseLearningRate, "The base learning rate must be a positive finite number.");
        if (!(CondStageLearningRateFactor > 0) || double.IsInfinity(CondStageLearningRateFactor))
            throw new ArgumentOutOfRangeException(nameof(CondStageLearningRateFactor), CondStageLearningRateFactor, "The condition encoder's learning-rate factor must be positive.");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "The weight decay must be zero or positive.");
        if (Schedule is { WarmUpSteps: < 0 })
            throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule.WarmUpSteps, "The warm-up step count must not be negative.");
        return this;
    }
}
