namespace SdSeg.Engine.Evaluation;

/// <summary>The scores of one image, computed at <see cref="Width"/> x <see cref="Height"/> (the ground truth's size, or the chosen size).</summary>
/// <param name="Stem">The shared file stem.</param>
/// <param name="Dice">Dice in the run's <see cref="EvaluationMode"/>.</param>
/// <param name="IoU">IoU in the run's <see cref="EvaluationMode"/>.</param>
/// <param name="Hd95">Max of the two directed 95th-percentile boundary distances, in pixels of the evaluated size; NaN when exactly one mask is empty.</param>
/// <param name="Hausdorff">Max boundary distance, in pixels; NaN when exactly one mask is empty.</param>
/// <param name="Precision">TP / (TP + FP), standard conventions.</param>
/// <param name="Recall">TP / (TP + FN), standard conventions.</param>
/// <param name="GroundTruthEmpty">The ground truth has no foreground at the evaluated size.</param>
/// <param name="PredictionEmpty">The prediction has no foreground at the evaluated size.</param>
/// <param name="Width">Width the metrics were computed at.</param>
/// <param name="Height">Height the metrics were computed at.</param>
/// <param name="PredictionWidth">Width of the prediction file.</param>
/// <param name="PredictionHeight">Height of the prediction file.</param>
/// <param name="GroundTruthWidth">Width of the ground-truth file.</param>
/// <param name="GroundTruthHeight">Height of the ground-truth file.</param>
public sealed record ImageEvaluation(
    string Stem,
    double Dice,
    double IoU,
    double Hd95,
    double Hausdorff,
    double Precision,
    double Recall,
    bool GroundTruthEmpty,
    bool PredictionEmpty,
    int Width,
    int Height,
    int PredictionWidth,
    int PredictionHeight,
    int GroundTruthWidth,
    int GroundTruthHeight)
{
    /// <summary>The metric names, in CSV and summary order.</summary>
    public static readonly IReadOnlyList<string> MetricNames = ["dice", "iou", "hd95", "hausdorff", "precision", "recall"];

    /// <summary>True when the prediction was resized (nearest neighbour) before scoring.</summary>
    public bool PredictionResized => PredictionWidth != Width || PredictionHeight != Height;

    /// <summary>True when the ground truth was resized (nearest neighbour) before scoring; only with a chosen size.</summary>
    public bool GroundTruthResized => GroundTruthWidth != Width || GroundTruthHeight != Height;

    /// <summary>The value of the metric named as in <see cref="MetricNames"/>.</summary>
    public double Metric(string name) => name switch
    {
        "dice" => Dice,
        "iou" => IoU,
        "hd95" => Hd95,
        "hausdorff" => Hausdorff,
        "precision" => Precision,
        "recall" => Recall,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"Unknown metric; known: {string.Join(", ", MetricNames)}."),
    };
}
