namespace SdSeg.Workbench.Datasets;

/// <summary>Thrown when an upload is larger than <see cref="DatasetUploadOptions.MaxUploadBytes"/>.</summary>
public sealed class UploadTooLargeException(string fileName, long limitBytes)
    : InvalidOperationException($"'{fileName}' is larger than the upload limit of {ByteSize.Format(limitBytes)} (setting SdSeg:MaxUploadBytes).")
{
    public long LimitBytes { get; } = limitBytes;
}
