using SdSeg.Imaging.Metrics;

namespace SdSeg.Engine.Evaluation;

/// <summary>What an evaluation found over all images: statistics per metric, empty-mask counts and the conventions that produced them.</summary>
/// <param name="Mode">How Dice and IoU were scored.</param>
/// <param name="Size">The chosen square size, or null when each image was scored at its ground truth's resolution.</param>
/// <param name="ImageCount">Images evaluated.</param>
/// <param name="GroundTruthEmptyCount">Images whose ground truth is empty.</param>
/// <param name="PredictionEmptyCount">Images whose prediction is empty.</param>
/// <param name="BothEmptyCount">Images where both are empty.</param>
/// <param name="ResizedPredictionCount">Predictions resized (nearest neighbour) because their size differed from the evaluated size.</param>
/// <param name="PredictionsWithoutGroundTruth">Prediction stems skipped for lack of a ground truth (only with unpaired files allowed).</param>
/// <param name="GroundTruthWithoutPrediction">Ground-truth stems skipped for lack of a prediction (only with unpaired files allowed).</param>
/// <param name="Metrics">Statistics per metric name (<see cref="ImageEvaluation.MetricNames"/>); NaN values are counted, not averaged.</param>
/// <param name="EmptyMaskConvention">How empty masks scored and entered the means.</param>
public sealed record EvaluationSummary(
    EvaluationMode Mode,
    int? Size,
    int ImageCount,
    int GroundTruthEmptyCount,
    int PredictionEmptyCount,
    int BothEmptyCount,
    int ResizedPredictionCount,
    IReadOnlyList<string> PredictionsWithoutGroundTruth,
    IReadOnlyList<string> GroundTruthWithoutPrediction,
    IReadOnlyDictionary<string, MetricSummary> Metrics,
    string EmptyMaskConvention)
{
    /// <summary>Summarises <paramref name="images"/> scored under <paramref name="options"/>.</summary>
    public static EvaluationSummary Of(IReadOnlyList<ImageEvaluation> images, EvaluationOptions options, MaskPairing pairing)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pairing);
        var metrics = ImageEvaluation.MetricNames.ToDictionary(name => name, name => MetricSummary.Of(images.Select(image => image.Metric(name))));
        return new EvaluationSummary(
            options.Mode,
            options.Size,
            images.Count,
            images.Count(i => i.GroundTruthEmpty),
            images.Count(i => i.PredictionEmpty),
            images.Count(i => i.GroundTruthEmpty && i.PredictionEmpty),
            images.Count(i => i.PredictionResized),
            pairing.PredictionsWithoutGroundTruth,
            pairing.GroundTruthWithoutPrediction,
            metrics,
            EmptyMaskConventions.Describe(options.Mode));
    }

    /// <summary>"ground-truth resolution" or "NxN".</summary>
    public string Resolution => Size is { } size ? $"{size}x{size}" : "ground-truth resolution";
}
