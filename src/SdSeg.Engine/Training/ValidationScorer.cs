using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Metrics;
using SdSeg.Model;
using static TorchSharp.torch;

namespace SdSeg.Engine.Training;

/// <summary>
/// The official <c>log_dice</c> on the validation subset: the mean Dice of the segmenter's masks at the model's pixel
/// size (for SDSeg: single-step inference, one noise drawn from the seed for every image), and beside it the Dice of each
/// prediction against another image's mask (<see cref="ValidationScores"/>).
/// </summary>
public static class ValidationScorer
{
    public static ValidationScores Score(ISegmenter segmenter, TrainingData validation, int batchSize, Device device, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(segmenter);
        ArgumentNullException.ThrowIfNull(validation);
        if (validation.Count == 0)
            throw new InvalidOperationException("The validation subset is empty.");
        var predictions = new BinaryMask[validation.Count];
        int plane = validation.PixelSize * validation.PixelSize;
        for (int start = 0; start < validation.Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var batch = validation.Slice(start, batchSize, device);
            using var output = segmenter.Segment(batch.Images);
            var masks = output.Mask.cpu().reshape(batch.Indices.Count, -1).data<bool>().ToArray();
            for (int b = 0; b < batch.Indices.Count; b++)
                predictions[batch.Indices[b]] = new BinaryMask(validation.PixelSize, validation.PixelSize, masks.AsSpan(b * plane, plane));
        }
        int n = validation.Count;
        double dice = Enumerable.Range(0, n).Average(i => SegmentationMetrics.Dice(predictions[i], validation.MaskOf(i)));
        // With one image there is no other image to take a prediction from.
        double shuffled = n < 2 ? dice : Enumerable.Range(0, n).Average(i => SegmentationMetrics.Dice(predictions[(i + 1) % n], validation.MaskOf(i)));
        return new ValidationScores(dice, shuffled);
    }
}
