namespace SdSeg.Workbench.Datasets;

/// <summary>Limits and sizes of the dataset upload and previews (configuration section "SdSeg").</summary>
public sealed class DatasetUploadOptions
{
    /// <summary>Largest zip a user may upload, in bytes (configuration key <c>SdSeg:MaxUploadBytes</c>; default 2 GiB).</summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>An upload work folder (<c>&lt;DataRoot&gt;/uploads/&lt;guid&gt;</c>) that no upload uses and that was not written to for this many
    /// hours is removed, at start-up and then periodically (configuration key <c>SdSeg:UploadRetentionHours</c>; default 24).</summary>
    public double UploadRetentionHours { get; set; } = 24;

    /// <summary>How often abandoned upload work folders are looked for after start-up: hourly, or twice per retention period when that is shorter.</summary>
    public TimeSpan UploadSweepInterval => TimeSpan.FromHours(Math.Min(1, UploadRetentionHours / 2));

    /// <summary>Thumbnails fit in a square of this many pixels.</summary>
    public int ThumbnailSize { get; set; } = 192;
}
