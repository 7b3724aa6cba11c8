using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Metrics;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Engine.Training;

/// <summary>
/// The official <c>log_dice</c> on the validation subset: single-step inference with the EMA UNet (the condition encoder
/// keeps its raw weights), one noise drawn from the seed for every image, and the mean Dice at the model's pixel size.
/// </summary>
public static class ValidationScorer
{
    public static double MeanDice(SdSegTrainer trainer, TrainingData validation, int batchSize, long seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(validation);
        if (validation.Count == 0)
            throw new InvalidOperationException("The validation subset is empty.");
        using var ema = trainer.UseEmaWeights();
        var segmenter = new SingleStepSegmenter(trainer.Model, trainer.Device);
        using var noise = segmenter.DrawNoise(seed);
        double sum = 0;
        for (int start = 0; start < validation.Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var batch = validation.Slice(start, batchSize, trainer.Device);
            using var output = segmenter.Segment(batch.Images, noise);
            var masks = output.Mask.cpu().reshape(batch.Indices.Count, -1).data<bool>().ToArray();
            int plane = validation.PixelSize * validation.PixelSize;
            for (int b = 0; b < batch.Indices.Count; b++)
            {
                var predicted = new BinaryMask(validation.PixelSize, validation.PixelSize, masks.AsSpan(b * plane, plane));
                sum += SegmentationMetrics.Dice(predicted, validation.MaskOf(batch.Indices[b]));
            }
        }
        return sum / validation.Count;
    }
}
