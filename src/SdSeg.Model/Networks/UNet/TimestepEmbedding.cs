using static TorchSharp.torch;

namespace SdSeg.Model.Networks.UNet;

/// <summary>The official sinusoidal timestep embedding (<c>util.timestep_embedding</c>): [cos(t f), sin(t f)], cos first.</summary>
public static class TimestepEmbedding
{
    /// <summary>
    /// Embeds a 1-D batch of timesteps into [B, <paramref name="dim"/>] with half = dim/2 and
    /// f_i = exp(-ln(maxPeriod) i / half); an odd dim gets a zero last column.
    /// </summary>
    public static Tensor Sinusoidal(Tensor timesteps, int dim, double maxPeriod = 10000)
    {
        ArgumentNullException.ThrowIfNull(timesteps);
        if (timesteps.dim() != 1)
            throw new ArgumentException($"Timesteps must be a 1-D tensor of shape [B]; got shape [{string.Join(", ", timesteps.shape)}].", nameof(timesteps));
        if (dim < 2)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, "The embedding dimension must be at least 2.");

        using var scope = NewDisposeScope();
        int half = dim / 2;
        // Computed on the CPU in float32 and then moved, as the official code does, so every device sees the same frequencies.
        var freqs = exp(arange(0, half, float32) * -Math.Log(maxPeriod) / half).to(timesteps.device);
        var args = timesteps.unsqueeze(1).to(float32) * freqs.unsqueeze(0);
        var embedding = cat([cos(args), sin(args)], -1);
        if (dim % 2 == 1)
            embedding = cat([embedding, zeros_like(embedding.narrow(1, 0, 1))], -1);
        return embedding.MoveToOuterDisposeScope();
    }
}
