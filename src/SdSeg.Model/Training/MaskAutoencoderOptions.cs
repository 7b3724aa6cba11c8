namespace SdSeg.Model.Training;

/// <summary>
/// Settings for training the first stage on masks when no pretrained kl-f8 fits (the tiny and small presets):
/// Adam(W) without weight decay and a KL weight of 1e-6 as LDM's kl-f8 training uses.
/// </summary>
public sealed record MaskAutoencoderOptions
{
    /// <summary>Adam's learning rate (constant; 1e-3 suits the tiny and small autoencoders trained from scratch).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW weight decay (0: plain Adam).</summary>
    public double WeightDecay { get; init; }

    /// <summary>The KL weight relative to the per-pixel reconstruction sum (LDM's kl-f8: 1e-6).</summary>
    public double KlWeight { get; init; } = 1e-6;

    /// <summary>Seeds the posterior samples.</summary>
    public long Seed { get; init; } = SdSegTrainingOptions.OfficialSeed;

    /// <summary>This instance, or a clear error naming the first setting out of range.</summary>
    public MaskAutoencoderOptions Validated()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive finite number.");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "The weight decay must be zero or positive.");
        if (!(KlWeight >= 0) || double.IsInfinity(KlWeight))
            throw new ArgumentOutOfRangeException(nameof(KlWeight), KlWeight, "The KL weight must be zero or positive.");
        return this;
    }
}
