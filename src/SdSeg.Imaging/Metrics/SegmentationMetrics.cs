using SdSeg.Imaging.Masks;

namespace SdSeg.Imaging.Metrics;

/// <summary>Standard per-image segmentation metrics: Dice, IoU, precision, recall, HD95 and Hausdorff.</summary>
/// <remarks>Empty-mask conventions: both empty gives Dice = IoU = precision = recall = 1 and HD95 = Hausdorff = 0 (a perfect answer);
/// exactly one empty gives Dice = IoU = precision = recall = 0 and HD95 = Hausdorff = NaN, which <see cref="MetricSummary"/>
/// leaves out of the mean and counts separately. For the official SDSeg numbers use <see cref="OfficialMetrics"/>.</remarks>
public static class SegmentationMetrics
{
    /// <summary>Computes all scores; the masks must have the same size.</summary>
    public static SegmentationScores Compute(BinaryMask prediction, BinaryMask groundTruth)
    {
        var (tp, fp, fn, tn) = Confusion(prediction, groundTruth);
        var (hd95, hausdorff) = BoundaryDistances.Compute(prediction, groundTruth);
        return new SegmentationScores(Dice(tp, fp, fn), IoU(tp, fp, fn), Ratio(tp, tp + fp, fn), Ratio(tp, tp + fn, fp), hd95, hausdorff, tp, fp, fn, tn);
    }

    /// <summary>Dice = 2TP / (2TP + FP + FN); 1 when both masks are empty.</summary>
    public static double Dice(BinaryMask prediction, BinaryMask groundTruth)
    {
        var (tp, fp, fn, _) = Confusion(prediction, groundTruth);
        return Dice(tp, fp, fn);
    }

    /// <summary>IoU = TP / (TP + FP + FN); 1 when both masks are empty.</summary>
    public static double IoU(BinaryMask prediction, BinaryMask groundTruth)
    {
        var (tp, fp, fn, _) = Confusion(prediction, groundTruth);
        return IoU(tp, fp, fn);
    }

    /// <summary>Counts of true/false positives/negatives.</summary>
    public static (long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives) Confusion(BinaryMask prediction, BinaryMask groundTruth)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        prediction.EnsureSameSize(groundTruth, nameof(groundTruth));
        var p = prediction.Pixels;
        var g = groundTruth.Pixels;
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i])
            {
                if (g[i]) { tp++; } else { fp++; }
            }
            else if (g[i])
            {
                fn++;
            }
        }

        return (tp, fp, fn, p.Length - tp - fp - fn);
    }

    private static double Dice(long tp, long fp, long fn) => tp + fp + fn == 0 ? 1 : 2.0 * tp / ((2.0 * tp) + fp + fn);

    private static double IoU(long tp, long fp, long fn) => tp + fp + fn == 0 ? 1 : (double)tp / (tp + fp + fn);

    // numerator/denominator, with 1 when both masks are empty (other == 0 too) and 0 when only one is.
    private static double Ratio(long numerator, long denominator, long other) =>
        denominator == 0 ? (other == 0 ? 1 : 0) : (double)numerator / denominator;
}
