using SdSeg.Model.Baseline;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Baseline;

/// <summary>Tiny baseline networks, synthetic pairs in the trainer's conventions, and a Dice yardstick for the baseline tests.</summary>
internal static class BaselineFixtures
{
    public static UNet2dConfig Tiny => UNet2dConfig.Tiny;

    public static UNet2dTrainingOptions Options(UNet2dConfig config) => UNet2dTrainingOptions.FromConfig(config, batchSize: 4, seed: 5);

    /// <summary>Images [n, 3, 32, 32] in [−1, 1] and masks [n, 3, 32, 32] in {−1, +1}: a bright disc on a textured background.</summary>
    public static (Tensor Images, Tensor Masks) Pairs(int count, ulong seed = 7) =>
        Training.SyntheticPairs.Make(count, Tiny.ImageSize, seed);

    /// <summary>Mean Dice of the segmenter's masks against {−1, +1} masks (an empty pair counts as 1).</summary>
    public static double MeanDice(UNet2d model, Tensor images, Tensor masks)
    {
        using var scope = NewDisposeScope();
        var segmenter = new UNet2dSegmenter(model, CPU);
        using var output = segmenter.Segment(images);
        long batch = images.shape[0];
        var predicted = output.Mask.reshape(batch, -1).to(float32);
        var truth = masks.narrow(1, 0, 1).gt(0).reshape(batch, -1).to(float32);
        var overlap = (predicted * truth).sum(1);
        var sizes = predicted.sum(1) + truth.sum(1);
        var dice = where(sizes.eq(0), ones_like(sizes), 2 * overlap / sizes.clamp_min(1));
        return dice.mean().item<float>();
    }

    /// <summary>Detached copies of a module's state dict.</summary>
    public static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
}
