namespace SdSeg.Engine.Diagnostics;

/// <summary>
/// What <see cref="SdSegDiagnostician"/> measured on one subset: whether the model uses the image (its Dice against the
/// Dice with another image's condition and against the constant mask), where its losses are, how large the condition is
/// next to the noisy latent, and how much gradient reaches the condition encoder.
/// </summary>
public sealed record SdSegDiagnosis
{
    public required string Subset { get; init; }
    public required int Images { get; init; }

    /// <summary>Single-step Dice with each image's own condition (what validation reports).</summary>
    public required double Dice { get; init; }

    /// <summary>Single-step Dice when each image gets the condition of another image of the subset (a cyclic shift).</summary>
    public required double ShuffledConditionDice { get; init; }

    /// <summary>The constant (mean training) mask's Dice on the same images.</summary>
    public required double ConstantMaskDice { get; init; }

    /// <summary>Dice minus shuffled-condition Dice: near 0 means the image is ignored.</summary>
    public double ShuffleDrop => Dice - ShuffledConditionDice;

    /// <summary>The latent-estimation and noise losses by timestep range (the last row is t = T−1, where inference runs).</summary>
    public required IReadOnlyList<TimestepLossRow> LossByTimestep { get; init; }

    /// <summary>Standard deviation of the condition latent c over the subset.</summary>
    public required double ConditionStd { get; init; }

    /// <summary>Standard deviation of the scaled mask latents z0 (about 1 after scale_by_std).</summary>
    public required double LatentStd { get; init; }

    /// <summary>RMS of the UNet's first convolution weights over the noisy-latent input channels and over the condition channels.</summary>
    public required double InputConvNoiseWeightRms { get; init; }
    public required double InputConvConditionWeightRms { get; init; }

    /// <summary>Mean |ẑ0(own c) − ẑ0(other c)| at t = T−1: how far the condition moves the estimate.</summary>
    public required double ConditionEffectOnEstimate { get; init; }

    /// <summary>
    /// Mean |ẑ0(noise 1) − ẑ0(noise 2)| at t = T−1 with each image's own condition: the answer should not depend on the
    /// noise, so this is the UNet's imprecision in reproducing its noisy input, amplified by sqrt(1/ᾱ_T−1) (about 39).
    /// </summary>
    public required double NoiseEffectOnEstimate { get; init; }

    /// <summary>Mean Dice of the first stage decoding z0 + N(0, σ²) for σ = 0, 0.1, 0.3, 1 (in scaled latent units): how much error in ẑ0 the decoder forgives.</summary>
    public required IReadOnlyList<DecoderRobustnessRow> DecoderRobustness { get; init; }

    /// <summary>Mean |ẑ0 − z0| at t = T−1 with each image's own condition.</summary>
    public required double EstimateErrorAtLastStep { get; init; }

    /// <summary>Gradient L2 norms of one training-objective backward pass (uniform t) over the UNet and the condition encoder, and per element (RMS).</summary>
    public required double UNetGradientNorm { get; init; }
    public required double CondStageGradientNorm { get; init; }
    public required double UNetGradientRms { get; init; }
    public required double CondStageGradientRms { get; init; }
}

/// <summary>Mean losses of the subset with every sample at a timestep drawn from [<see cref="From"/>, <see cref="To"/>].</summary>
public sealed record TimestepLossRow(int From, int To, double LossSimple, double LossSeg);

/// <summary>The first stage's mean Dice when the scaled latent it decodes carries Gaussian noise of standard deviation <see cref="Sigma"/>.</summary>
public sealed record DecoderRobustnessRow(double Sigma, double Dice);
