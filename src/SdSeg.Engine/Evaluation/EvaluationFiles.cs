using SdSeg.Engine.Runs;

namespace SdSeg.Engine.Evaluation;

/// <summary>Where an evaluation is saved: a CSV with <c>summary.json</c> beside it, or a run directory's <c>metrics.csv</c> and <c>result.json</c>.</summary>
public static class EvaluationFiles
{
    /// <summary>The summary's file name beside a CSV.</summary>
    public const string SummaryFileName = "summary.json";

    /// <summary>Writes the CSV and <c>summary.json</c> in the CSV's folder; returns the summary's path.</summary>
    public static string SaveBesideCsv(EvaluationResult result, string csvFile)
    {
        ArgumentNullException.ThrowIfNull(result);
        MetricsCsv.Write(csvFile, result.Images, result.Summary.Mode);
        var summaryFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csvFile))!, SummaryFileName);
        EvaluationSummaryJson.Write(summaryFile, result.Summary);
        return summaryFile;
    }

    /// <summary>Writes <c>metrics.csv</c> and <c>result.json</c> (the summary) into the run directory.</summary>
    public static void SaveToRun(EvaluationResult result, RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(run);
        MetricsCsv.Write(run.MetricsFile, result.Images, result.Summary.Mode);
        EvaluationSummaryJson.Write(run.ResultFile, result.Summary);
    }
}
