namespace SdSeg.Imaging.Metrics;

/// <summary>Per-image scores of a predicted mask against ground truth (see <see cref="SegmentationMetrics"/> for the empty-mask conventions).</summary>
public sealed record SegmentationScores(
    double Dice,
    double IoU,
    double Precision,
    double Recall,
    double Hd95,
    double Hausdorff,
    long TruePositives,
    long FalsePositives,
    long FalseNegatives,
    long TrueNegatives);
