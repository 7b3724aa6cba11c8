using System.Globalization;
using SdSeg.Engine.Training;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Metrics;

namespace SdSeg.Engine.Diagnostics;

/// <summary>
/// The mask a model that ignores the image would predict: the per-pixel mean of the training masks at the model's input
/// size, thresholded where that one mask scores the best mean Dice on the training masks themselves (so the test
/// images never choose it). A model that does not beat it on the same images has learned the dataset's average shape,
/// not to segment.
/// </summary>
public sealed class ConstantMaskBaseline
{
    static readonly double[] Thresholds = Enumerable.Range(1, 19).Select(i => i / 20.0).ToArray();

    ConstantMaskBaseline(BinaryMask mask, double threshold, double trainDice)
    {
        Mask = mask;
        Threshold = threshold;
        TrainDice = trainDice;
    }

    /// <summary>The constant mask at the model's input size.</summary>
    public BinaryMask Mask { get; }

    /// <summary>The threshold on the mean mask's foreground fraction that made <see cref="Mask"/>.</summary>
    public double Threshold { get; }

    /// <summary>The mean Dice of <see cref="Mask"/> on the training masks it was made from.</summary>
    public double TrainDice { get; }

    /// <summary>Builds the constant mask from the masks of <paramref name="train"/>.</summary>
    public static ConstantMaskBaseline FromTraining(TrainingData train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
            throw new InvalidOperationException("The constant-mask baseline needs training masks; the training subset is empty.");
        int plane = train.PixelSize * train.PixelSize;
        var mean = new double[plane];
        var masks = Enumerable.Range(0, train.Count).Select(train.MaskOf).ToArray();
        foreach (var mask in masks)
            for (int p = 0; p < plane; p++)
                if (mask.Pixels[p])
                    mean[p] += 1.0 / masks.Length;
        (BinaryMask Mask, double Threshold, double Dice)? best = null;
        foreach (double threshold in Thresholds)
        {
            var candidate = new BinaryMask(train.PixelSize, train.PixelSize, mean.Select(v => v >= threshold).ToArray());
            double dice = masks.Average(m => SegmentationMetrics.Dice(candidate, m));
            if (best is null || dice > best.Value.Dice)
                best = (candidate, threshold, dice);
        }
        return new ConstantMaskBaseline(best!.Value.Mask, best.Value.Threshold, best.Value.Dice);
    }

    /// <summary>The mean Dice of the constant mask on the masks of <paramref name="subset"/> (at the model's input size).</summary>
    public double MeanDice(TrainingData subset)
    {
        ArgumentNullException.ThrowIfNull(subset);
        if (subset.PixelSize != Mask.Width)
            throw new ArgumentException($"The subset is at {subset.PixelSize} px; the constant mask at {Mask.Width} px.", nameof(subset));
        if (subset.Count == 0)
            throw new InvalidOperationException("The subset is empty.");
        return Enumerable.Range(0, subset.Count).Average(i => SegmentationMetrics.Dice(Mask, subset.MaskOf(i)));
    }

    /// <summary>A line for logs: the threshold and the training Dice.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"constant mask (mean training mask >= {Threshold:F2}, training Dice {TrainDice:F4})");
}
