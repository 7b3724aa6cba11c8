using SdSeg.Model.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Diffusion;

/// <summary>
/// The timesteps and noise of one SDSeg training step, from the trainer's generator. Official: t uniform over 0..T−1
/// and fresh Gaussian noise per sample. A from-scratch recipe may put a share of the batch
/// (<see cref="SdSegConfig.InferenceTimestepShare"/>) at T−1, the step single-step inference runs, and give a share of
/// those samples (<see cref="SdSegConfig.InferenceNoiseShare"/>) the noise inference draws for
/// <see cref="SdSegConfig.InferenceNoiseSeed"/>. With both shares 0 the draws are exactly the official ones.
/// </summary>
public sealed class TrainingNoiseSampler(SdSegConfig config) : IDisposable
{
    Tensor? _inferenceNoise;

    /// <summary>Timesteps [B] (int64) and noise of <paramref name="latentShape"/> [B, C, h, w], on the CPU.</summary>
    public (Tensor Timesteps, Tensor Noise) Draw(Generator generator, long[] latentShape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        long batch = latentShape[0];
        var t = randint(0, config.Timesteps, [batch], int64, CPU, generator: generator);
        long atLast = StochasticCount(generator, config.InferenceTimestepShare, batch);
        if (atLast > 0)
            t.narrow(0, 0, atLast).fill_(config.Timesteps - 1);
        var noise = randn(latentShape, float32, CPU, generator: generator);
        long withInferenceNoise = StochasticCount(generator, config.InferenceNoiseShare, atLast);
        if (withInferenceNoise > 0)
        {
            _inferenceNoise ??= InferenceNoise(config).DetachFromDisposeScope();
            noise.narrow(0, 0, withInferenceNoise).copy_(_inferenceNoise.expand(withInferenceNoise, -1, -1, -1));
        }
        return (t, noise);
    }

    /// <summary>The noise single-step inference draws for the config's inference seed ([1, C, h, w], CPU), as <see cref="SingleStepSegmenter.DrawNoise"/> does.</summary>
    public static Tensor InferenceNoise(SdSegConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var generator = new Generator((ulong)config.InferenceNoiseSeed);
        return randn([1, config.Channels, config.ImageSize, config.ImageSize], generator: generator);
    }

    public void Dispose() => _inferenceNoise?.Dispose();

    /// <summary>share × n rounded stochastically (no draw when the share is 0, so the official draws stay as they are).</summary>
    static long StochasticCount(Generator generator, double share, long n)
    {
        if (share <= 0 || n == 0)
            return 0;
        double expected = share * n;
        long count = (long)Math.Floor(expected);
        if (count < n && rand([1], float64, CPU, generator: generator).item<double>() < expected - count)
            count++;
        return count;
    }
}
