namespace SdSeg.Model.Baseline;

/// <summary>The optimisation settings of a baseline run: Adam's (constant) learning rate and the seed of the initial weights.</summary>
public sealed record UNet2dTrainingOptions
{
    /// <summary>The seed the workbench uses when none is given (the SDSeg default, so both models of a comparison share it).</summary>
    public const long DefaultSeed = 23;

    /// <summary>Adam's learning rate (betas 0.9/0.999, eps 1e-8, no weight decay).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The batch size of the data loader (for the record in training state files).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>The run's seed (recorded; the weights are seeded by <see cref="UNet2d.Create"/>).</summary>
    public long Seed { get; init; } = DefaultSeed;

    /// <summary>The options a config implies for a run with the given batch size and seed.</summary>
    public static UNet2dTrainingOptions FromConfig(UNet2dConfig config, int batchSize, long seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new UNet2dTrainingOptions { LearningRate = config.LearningRate, BatchSize = batchSize, Seed = seed }.Validated();
    }

    /// <summary>This instance, or a clear error naming the first setting out of range.</summary>
    public UNet2dTrainingOptions Validated()
    {
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive finite number.");
        return this;
    }
}
