using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>
/// The official <c>DiagonalGaussianDistribution</c> over latents: moments [B, 2C, h, w] split into mean and
/// log-variance (clamped to [-30, 20]).
/// </summary>
public sealed class DiagonalGaussianDistribution
{
    public DiagonalGaussianDistribution(Tensor moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        if (moments.dim() < 2 || moments.shape[1] % 2 != 0)
            throw new ArgumentException($"Moments need an even channel count (mean and log-variance); got shape [{string.Join(", ", moments.shape)}].", nameof(moments));
        var parts = moments.chunk(2, 1);
        Mean = parts[0];
        LogVar = parts[1].clamp(-30.0, 20.0);
        Std = (0.5 * LogVar).exp();
        Var = LogVar.exp();
    }

    public Tensor Mean { get; }
    public Tensor LogVar { get; }
    public Tensor Std { get; }
    public Tensor Var { get; }

    /// <summary>
    /// mean + std * N(0, I). As in the official code the noise is drawn on the CPU (from <paramref name="generator"/>,
    /// or the global CPU generator) and then moved to the latent's device, so a seed gives the same sample everywhere.
    /// </summary>
    public Tensor Sample(Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var noise = randn(Mean.shape, Mean.dtype, CPU, generator: generator).to(Mean.device);
        return (Mean + Std * noise).MoveToOuterDisposeScope();
    }

    /// <summary>mean + std * <paramref name="noise"/>, for a caller that draws the noise itself.</summary>
    public Tensor Sample(Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (!noise.shape.SequenceEqual(Mean.shape))
            throw new ArgumentException($"Noise shape [{string.Join(", ", noise.shape)}] differs from the latent shape [{string.Join(", ", Mean.shape)}].", nameof(noise));
        return Mean + Std * noise;
    }

    /// <summary>The distribution's mode (its mean).</summary>
    public Tensor Mode() => Mean;

    /// <summary>
    /// The official <c>kl()</c> against N(0, I): 0.5 · Σ(mean² + var − 1 − logvar) over all but the batch dimension,
    /// one value per sample (the first stage's KL regulariser).
    /// </summary>
    public Tensor Kl()
    {
        using var scope = NewDisposeScope();
        var dims = Enumerable.Range(1, (int)Mean.dim() - 1).Select(d => (long)d).ToArray();
        return ((Mean.pow(2) + Var - 1.0 - LogVar).sum(dims) * 0.5).MoveToOuterDisposeScope();
    }
}
