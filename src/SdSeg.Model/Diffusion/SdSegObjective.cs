using SdSeg.Model.Baseline;
using SdSeg.Model.Configuration;
using static TorchSharp.torch;

namespace SdSeg.Model.Diffusion;

/// <summary>
/// The SDSeg training objective (spec §2; official <c>SDSeg.p_losses</c>): noise the mask latent to a random timestep,
/// predict the noise from the noisy latent concatenated with the image condition, and penalise both the noise error and
/// the error of the latent estimated from it in one step: L = w_simple·mean|ε̂−ε| + w_seg·mean|ẑ0−z0|. With a
/// <see cref="SdSegConfig.PixelLossWeight"/> above 0 (not in the paper) it adds w_pixel·(BCE + soft Dice) of the decoded
/// estimate against the mask, the loss that inference is judged by.
/// </summary>
public sealed class SdSegObjective(NoiseSchedule schedule, SdSegConfig config)
{
    /// <summary>
    /// Logits of the decoded estimate are this times its channel mean: inference thresholds the mean of clamp((x+1)/2)
    /// at 0.5, i.e. the mean of x at 0, and a mask autoencoder decodes to about ±1, so ±1 becomes a confident ±4.
    /// </summary>
    public const double PixelLogitScale = 4.0;

    /// <summary>
    /// Computes the loss for mask latents <paramref name="z0"/> (already scaled by scale_factor), condition latents
    /// <paramref name="condition"/>, timesteps <paramref name="t"/> and noise <paramref name="noise"/>, with
    /// <paramref name="denoiser"/>(z_t, t, c) predicting ε. The pixel term needs <paramref name="pixel"/>: the
    /// differentiable decoder of scaled latents and the masks in {0, 1} [B, 1, H, W].
    /// </summary>
    public SdSegLoss Compute(Func<Tensor, Tensor, Tensor, Tensor> denoiser, Tensor z0, Tensor condition, Tensor t, Tensor noise,
        PixelLossTarget? pixel = null)
    {
        var zt = schedule.QSample(z0, t, noise);
        var epsHat = denoiser(zt, t, condition);
        var simple = Distance(epsHat, noise);
        var z0Hat = schedule.PredictStartFromNoise(zt, t, epsHat);
        var seg = Distance(z0Hat, z0);
        var total = simple * config.LSimpleWeight + seg * config.LSegWeight;
        Tensor? pixelLoss = null;
        if (config.PixelLossWeight > 0)
        {
            if (pixel is null)
                throw new ArgumentNullException(nameof(pixel), "pixel_loss_weight is set: the pixel loss needs the decoder and the masks.");
            var decoded = pixel.Decode(z0Hat);
            var logits = decoded.mean([1], keepdim: true) * PixelLogitScale;
            pixelLoss = SoftDiceBceLoss.Compute(logits, pixel.Masks).Total;
            total = total + pixelLoss * config.PixelLossWeight;
        }
        return new SdSegLoss(total, simple, seg, pixelLoss);
    }

    /// <summary>Per-sample mean over (C,H,W), then the batch mean, as the official code reduces.</summary>
    Tensor Distance(Tensor prediction, Tensor target) => config.LossType switch
    {
        "l1" => (prediction - target).abs().mean([1, 2, 3]).mean(),
        "l2" => (prediction - target).pow(2).mean([1, 2, 3]).mean(),
        _ => throw new NotSupportedException($"loss_type '{config.LossType}' is not supported: use l1 (the SDSeg configs) or l2."),
    };
}
