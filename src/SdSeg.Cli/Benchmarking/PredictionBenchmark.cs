using System.Diagnostics;
using SdSeg.Cli.Inspection;
using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Cli.Benchmarking;

/// <summary>
/// Times <see cref="SingleStepSegmenter.Segment(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, int)"/> on one image at a time for a model of random weights (the cost does not
/// depend on the weights). Forward hooks on the condition encoder and the first stage's decoder split each call into its
/// parts without running anything twice; on CUDA they synchronise the device so each part's time is its own.
/// </summary>
public static class PredictionBenchmark
{
    /// <summary>
    /// The config with its pixel size changed to <paramref name="pixelSize"/>: latent size, UNet image_size and the
    /// autoencoders' resolution follow, and attention in the autoencoders stays at the same levels, so the parameters are
    /// unchanged.
    /// </summary>
    public static SdSegConfig AtPixelSize(SdSegConfig config, int pixelSize)
    {
        int factor = config.PixelSize / config.ImageSize;
        if (pixelSize <= 0 || pixelSize % factor != 0)
            throw new ArgumentException($"--size {pixelSize} must be a positive multiple of {factor}, the autoencoder's downsampling factor.");
        int latent = pixelSize / factor;
        return config with
        {
            ImageSize = latent,
            UNet = config.UNet with { ImageSize = latent },
            FirstStage = config.FirstStage with { DdConfig = Rescaled(config.FirstStage.DdConfig, pixelSize) },
            CondStage = config.CondStage with { DdConfig = Rescaled(config.CondStage.DdConfig, pixelSize) },
        };
    }

    static DdConfig Rescaled(DdConfig dd, int pixelSize)
    {
        var attention = dd.AttnResolutions.Select(r =>
            (long)r * pixelSize % dd.Resolution == 0
                ? (int)((long)r * pixelSize / dd.Resolution)
                : throw new ArgumentException($"--size {pixelSize} would move the autoencoder's attention at resolution {r} (of {dd.Resolution}) off a level."))
            .ToList();
        return dd with { Resolution = pixelSize, AttnResolutions = attention };
    }

    /// <summary>Builds the model of <paramref name="config"/> on <paramref name="device"/> and times 1 warm-up plus <paramref name="images"/> images.</summary>
    public static BenchResult Run(string name, SdSegConfig config, Device device, int images, long seed, CancellationToken cancellation = default)
    {
        if (images < 1) throw new ArgumentOutOfRangeException(nameof(images), images, "--images must be at least 1.");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        bool perConfigPeak = ProcessMemory.TryResetPeak();
        using var gpuMemory = device.type == DeviceType.CUDA ? NvmlMemorySampler.TryStart(device.index < 0 ? 0 : device.index) : null;

        manual_seed(seed);
        using var model = new SdSegModel(config);
        long parameters = ModelSize.Of(model).Total;
        var segmenter = new SingleStepSegmenter(model, device);
        using var noise = segmenter.DrawNoise(seed);

        bool cudaDevice = device.type == DeviceType.CUDA;
        void Sync()
        {
            if (cudaDevice) cuda.synchronize(device);
        }
        var conditionTimer = new PartTimer(Sync);
        var decoderTimer = new PartTimer(Sync);
        // The hooks live as long as the model, which this call disposes.
        _ = model.CondStageModel.register_forward_pre_hook((_, input) => { conditionTimer.Start(); return input; });
        _ = model.CondStageModel.register_forward_hook((_, _, output) => { conditionTimer.Stop(); return output; });
        _ = model.FirstStageModel.Decoder.register_forward_pre_hook((_, input) => { decoderTimer.Start(); return input; });
        _ = model.FirstStageModel.Decoder.register_forward_hook((_, _, output) => { decoderTimer.Stop(); return output; });

        using var generator = new Generator((ulong)seed);
        List<double> totals = [], conditions = [], decoders = [], unets = [];
        for (int i = 0; i <= images; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var image = rand([1, 3, config.PixelSize, config.PixelSize], generator: generator).mul_(2).sub_(1);
            conditionTimer.Reset();
            decoderTimer.Reset();
            long start = Stopwatch.GetTimestamp();
            using (var output = segmenter.Segment(image, noise))
                output.Mask.cpu(); // waits for the device
            double total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i == 0) continue; // warm-up
            totals.Add(total);
            conditions.Add(conditionTimer.Milliseconds);
            decoders.Add(decoderTimer.Milliseconds);
            unets.Add(total - conditionTimer.Milliseconds - decoderTimer.Milliseconds);
        }

        return new BenchResult
        {
            Config = name,
            PixelSize = config.PixelSize,
            Parameters = parameters,
            Device = device.ToString(),
            Threads = get_num_threads(),
            Images = images,
            TotalMs = Median(totals),
            ConditionEncoderMs = Median(conditions),
            UNetMs = Median(unets),
            DecoderMs = Median(decoders),
            PeakRssMiB = ProcessMemory.PeakRssMiB(),
            PeakRssIsPerConfig = perConfigPeak,
            CudaPeakMiB = gpuMemory?.PeakAboveBaselineMiB,
        };
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Accumulates the time between Start and Stop calls, synchronising the device at both ends.</summary>
    sealed class PartTimer(Action sync)
    {
        long _started;
        public double Milliseconds { get; private set; }
        public void Reset() => Milliseconds = 0;
        public void Start()
        {
            sync();
            _started = Stopwatch.GetTimestamp();
        }
        public void Stop()
        {
            sync();
            Milliseconds += Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
        }
    }
}
