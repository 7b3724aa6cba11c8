namespace SdSeg.Engine.Datasets;

/// <summary>An import stopped; <see cref="Report"/> says why, file by file. Nothing was written.</summary>
public sealed class DatasetImportException(string message, ImportReport report) : Exception(message)
{
    public ImportReport Report { get; } = report;

    /// <summary>The scan found errors and the caller did not choose to import the valid pairs only.</summary>
    public static DatasetImportException ErrorsFound(ImportReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DatasetImportException(
            $"Import stopped: {report.ErrorCount} error(s) in {report.ExcludedStems.Count} pair(s); nothing was imported. "
            + "Fix the files or import the valid pairs only. " + report.Summary,
            report);
    }

    /// <summary>No pair survived the scan.</summary>
    public static DatasetImportException NoValidPair(ImportReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DatasetImportException($"Import stopped: no valid image/mask pair was found. {report.Summary}", report);
    }
}
