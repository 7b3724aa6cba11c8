using SdSeg.Imaging.Metrics;

namespace SdSeg.Workbench.Compare;

/// <summary>A run's metrics over the compared images, with its Dice histogram.</summary>
/// <remarks><c>DiceHistogram</c>: Image counts in <see cref="HistogramBins"/> equal bins over [0, 1]; Dice 1 falls in the last.</remarks>
public sealed record RunSummary(ComparableRun Run, MetricSummary Dice, MetricSummary Iou, MetricSummary Hd95, IReadOnlyList<int> DiceHistogram)
{
    /// <summary>Number of histogram bins.</summary>
    public const int HistogramBins = 10;

    /// <summary>Summarises one run's column of <paramref name="rows"/>.</summary>
    public static RunSummary Of(ComparableRun run, int index, IReadOnlyList<ImageComparisonRow> rows)
    {
        var dice = rows.Select(r => r.Scores[index].Dice).ToList();
        var histogram = new int[HistogramBins];
        foreach (var value in dice)
            histogram[Math.Clamp((int)Math.Floor(value * HistogramBins), 0, HistogramBins - 1)]++;
        return new RunSummary(
            run,
            MetricSummary.Of(dice),
            MetricSummary.Of(rows.Select(r => r.Scores[index].Iou)),
            MetricSummary.Of(rows.Select(r => r.Scores[index].Hd95 ?? double.NaN)),
            histogram);
    }
}
