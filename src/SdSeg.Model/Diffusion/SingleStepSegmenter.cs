using SdSeg.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Diffusion;

/// <summary>
/// SDSeg inference (spec §3): the noise is drawn once from the seed and reused for every image; the UNet is called at
/// t = T−1 on [noise, condition]; the latent estimate ẑ0 = sqrt(1/ᾱ)·noise − sqrt(1/ᾱ−1)·ε̂ is decoded; the soft map is the
/// channel mean of clamp((x+1)/2, 0, 1) and the mask is soft &gt; 0.5. Beyond the paper: DDIM with n steps (η = 0, n = 1
/// is exactly the single step), and n samples whose soft maps are averaged, with their per-pixel standard deviation.
/// </summary>
public sealed class SingleStepSegmenter : ISegmenter
{
    readonly SdSegModel _model;
    readonly Device _device;
    readonly long _seed;
    readonly int _steps;
    readonly int _samples;
    Tensor? _noise;

    /// <summary>
    /// Uses <paramref name="model"/> as it is (call <c>LoadedSdSegModel.ForInference</c> first) on <paramref name="device"/>;
    /// <see cref="Segment(Tensor)"/> draws its noise once from <paramref name="seed"/> and keeps it for every later call.
    /// </summary>
    public SingleStepSegmenter(SdSegModel model, Device device, long seed = 0, int steps = 1, int samples = 1)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least one sample is needed.");
        _model = model;
        _device = device;
        _seed = seed;
        _steps = steps;
        _samples = samples;
        _model.to(device);
        _model.eval();
    }

    /// <inheritdoc />
    public int PixelSize => _model.Config.PixelSize;

    /// <summary>Segments with the noise of this segmenter's seed, drawn on the first call and shared by all calls.</summary>
    public SegmentationOutput Segment(Tensor images)
    {
        _noise ??= DrawNoise(_seed, _samples).DetachFromDisposeScope();
        return Segment(images, _noise, _steps);
    }

    /// <summary>
    /// The noise of <paramref name="samples"/> samples, shape [S, C, h, w], drawn as the official code does:
    /// <c>manual_seed(seed)</c>, then one <c>randn</c> of the latent shape [1, C, h, w] per sample, on the CPU generator
    /// (seeded CPU randn is identical in PyTorch and TorchSharp) and then moved to the device.
    /// </summary>
    public Tensor DrawNoise(long seed, int samples = 1)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least one sample is needed.");
        var config = _model.Config;
        using var generator = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var draws = Enumerable.Range(0, samples)
            .Select(_ => randn([1, config.Channels, config.ImageSize, config.ImageSize], generator: generator))
            .ToArray();
        return cat(draws, 0).to(_device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Segments a batch of images ([B, 3, H, W] in [−1, 1], at the model's pixel size) with the given noise
    /// ([S, C, h, w], see <see cref="DrawNoise"/>) in <paramref name="steps"/> reverse steps.
    /// </summary>
    public SegmentationOutput Segment(Tensor images, Tensor noise, int steps = 1)
    {
        if (steps < 1 || steps > _model.NumTimesteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"Steps must be between 1 and {_model.NumTimesteps}.");
        int size = _model.Config.PixelSize;
        if (images.dim() != 4 || images.shape[1] != 3 || images.shape[2] != size || images.shape[3] != size)
            throw new ArgumentException(
                $"Images must have shape [B, 3, {size}, {size}] for this model; got [{string.Join(", ", images.shape)}].", nameof(images));

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var condition = _model.GetLearnedConditioning(images.to(_device));
        long batch = condition.shape[0];
        var softs = new List<Tensor>();
        for (long s = 0; s < noise.shape[0]; s++)
        {
            var z = noise[s].unsqueeze(0).expand(batch, -1, -1, -1);
            var z0 = ReverseProcess(z, condition, steps);
            var x = _model.DecodeFirstStage(z0);
            softs.Add(((x + 1.0) / 2.0).clamp(0.0, 1.0).mean([1]));
        }
        var stack = torch.stack(softs, 0);
        var soft = stack.mean([0]);
        var std = softs.Count > 1 ? stack.std(0, unbiased: false) : null;
        var mask = soft.gt(0.5);
        return new SegmentationOutput(soft.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope(), std?.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The timesteps of an n-step reverse process: T−1, then evenly spaced down to 0 (DDIM's uniform skipping,
    /// anchored at T−1 so that one step is the paper's single step).
    /// </summary>
    public static long[] Timesteps(int numTimesteps, int steps) =>
        Enumerable.Range(0, steps).Select(i => (long)Math.Round((numTimesteps - 1) * (1.0 - (double)i / steps))).ToArray();

    Tensor ReverseProcess(Tensor z, Tensor condition, int steps)
    {
        var schedule = _model.Schedule;
        var times = Timesteps(_model.NumTimesteps, steps);
        var alphasCumprod = schedule.AlphasCumprod;
        Tensor z0 = z;
        for (int i = 0; i < times.Length; i++)
        {
            var t = full([z.shape[0]], times[i], int64, _device);
            var eps = _model.ApplyModel(z, t, condition);
            z0 = schedule.PredictStartFromNoise(z, t, eps);
            if (i == times.Length - 1) break;
            // DDIM with η = 0: move to the next timestep along the predicted noise direction.
            double next = alphasCumprod[times[i + 1]].item<float>();
            z = z0 * Math.Sqrt(next) + eps * Math.Sqrt(1.0 - next);
        }
        return z0;
    }
}
