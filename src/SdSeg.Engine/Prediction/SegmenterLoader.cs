using SdSeg.Model.Baseline;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using static TorchSharp.torch;

namespace SdSeg.Engine.Prediction;

/// <summary>Opens any model file the workbench makes or imports (SDSeg or the baseline U-Net) as a segmenter.</summary>
public static class SegmenterLoader
{
    /// <summary>
    /// Loads <paramref name="weights"/>; <paramref name="config"/> (a preset or YAML) is needed only for SDSeg files that
    /// do not carry their config. SDSeg uses its EMA weights when the file has them, as the official inference does.
    /// </summary>
    public static LoadedSegmenter Load(string weights, string? config, Device device, SamplingOptions sampling)
    {
        if (!File.Exists(weights))
            throw new FileNotFoundException($"Weights file '{weights}' does not exist.", weights);
        if (SegmentationModelFile.Detect(weights) == SegmentationModelKind.UNet2dBaseline)
        {
            if (sampling.Steps != 1 || sampling.Samples != 1)
                throw new ArgumentException($"'{weights}' is a baseline U-Net: it predicts in one pass, so --steps and --samples do not apply.");
            var unet = UNet2dModelFile.Load(weights);
            return new LoadedSegmenter(new UNet2dSegmenter(unet, device), $"{weights} (baseline U-Net) on {device}", unet);
        }
        var loaded = SdSegModelFile.Load(weights, config is null ? null : ConfigSource.Load(config));
        try
        {
            var segmenter = new SingleStepSegmenter(loaded.ForInference(), device, sampling.Seed, sampling.Steps, sampling.Samples);
            var weightsUsed = loaded.Ema is null ? "no EMA weights" : "EMA weights";
            return new LoadedSegmenter(segmenter, $"{weights} (SDSeg, {weightsUsed}, seed {sampling.Seed}, {sampling.Steps} step(s), {sampling.Samples} sample(s)) on {device}", loaded);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }
}
