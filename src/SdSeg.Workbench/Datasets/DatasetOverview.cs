namespace SdSeg.Workbench.Datasets;

/// <summary>What the dataset page shows above its grid: identity, statistics and the recorded split.</summary>
/// <param name="Id">Catalog id.</param>
/// <param name="Name">Dataset name.</param>
/// <param name="Description">How it was imported, in words.</param>
/// <param name="Source">The uploaded file's name.</param>
/// <param name="CreatedAt">When the import finished (UTC).</param>
/// <param name="SampleCount">Image/mask pairs.</param>
/// <param name="MinWidth">Smallest image width in pixels (0 without samples).</param>
/// <param name="MaxWidth">Largest image width.</param>
/// <param name="MinHeight">Smallest image height.</param>
/// <param name="MaxHeight">Largest image height.</param>
/// <param name="EmptyMaskCount">Samples whose mask has no foreground.</param>
/// <param name="ForegroundHistogram">Samples per tenth of foreground fraction (0-10%, ..., 90-100%).</param>
/// <param name="Split">The most recent recorded split, if any.</param>
public sealed record DatasetOverview(
    int Id,
    string Name,
    string? Description,
    string Source,
    DateTime CreatedAt,
    int SampleCount,
    int MinWidth,
    int MaxWidth,
    int MinHeight,
    int MaxHeight,
    int EmptyMaskCount,
    int[] ForegroundHistogram,
    SplitSummary? Split)
{
    /// <summary>Changes when a dataset of this id is replaced, so image URLs carrying it never hit a stale browser cache.</summary>
    public long Version => CreatedAt.Ticks;
}
