namespace SdSeg.Engine.Datasets;

/// <summary>An import stopped; <see cref="Report"/> says why, file by file. Nothing was written.</summary>
public sealed class DatasetImportException(string message, ImportReport report) : Exception(message)
{
    public ImportReport Report { get; } = report;
}
