namespace SdSeg.Workbench.Datasets;

/// <summary>Limits and sizes of the dataset upload and previews (configuration section "SdSeg").</summary>
public sealed class DatasetUploadOptions
{
    /// <summary>Largest zip a user may upload, in bytes (configuration key <c>SdSeg:MaxUploadBytes</c>; default 2 GiB).</summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>Thumbnails fit in a square of this many pixels.</summary>
    public int ThumbnailSize { get; set; } = 192;
}
