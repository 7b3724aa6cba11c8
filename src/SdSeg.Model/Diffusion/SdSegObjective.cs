using SdSeg.Model.Configuration;
using static TorchSharp.torch;

namespace SdSeg.Model.Diffusion;

/// <summary>
/// The SDSeg training objective (spec §2; official <c>SDSeg.p_losses</c>): noise the mask latent to a random timestep,
/// predict the noise from the noisy latent concatenated with the image condition, and penalise both the noise error and
/// the error of the latent estimated from it in one step: L = w_simple·mean|ε̂−ε| + w_seg·mean|ẑ0−z0|.
/// </summary>
public sealed class SdSegObjective(NoiseSchedule schedule, SdSegConfig config)
{
    /// <summary>
    /// Computes the loss for mask latents <paramref name="z0"/> (already scaled by scale_factor), condition latents
    /// <paramref name="condition"/>, timesteps <paramref name="t"/> and noise <paramref name="noise"/>, with
    /// <paramref name="denoiser"/>(z_t, t, c) predicting ε.
    /// </summary>
    public SdSegLoss Compute(Func<Tensor, Tensor, Tensor, Tensor> denoiser, Tensor z0, Tensor condition, Tensor t, Tensor noise)
    {
        var zt = schedule.QSample(z0, t, noise);
        var epsHat = denoiser(zt, t, condition);
        var simple = Distance(epsHat, noise);
        var z0Hat = schedule.PredictStartFromNoise(zt, t, epsHat);
        var seg = Distance(z0Hat, z0);
        var total = simple * config.LSimpleWeight + seg * config.LSegWeight;
        return new SdSegLoss(total, simple, seg);
    }

    /// <summary>Per-sample mean over (C,H,W), then the batch mean, as the official code reduces.</summary>
    Tensor Distance(Tensor prediction, Tensor target) => config.LossType switch
    {
        "l1" => (prediction - target).abs().mean([1, 2, 3]).mean(),
        "l2" => (prediction - target).pow(2).mean([1, 2, 3]).mean(),
        _ => throw new NotSupportedException($"loss_type '{config.LossType}' is not supported: use l1 (the SDSeg configs) or l2."),
    };
}
