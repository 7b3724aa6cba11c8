using SdSeg.Catalog.Runs;

namespace SdSeg.Workbench.Compare;

/// <summary>A finished run with per-image results, as offered for comparison.</summary>
/// <remarks><c>Subset</c>: The split subset the run predicted (train, validation, test), or null for the whole dataset.</remarks>
public sealed record ComparableRun(
    int Id, RunKind Kind, int? DatasetId, string? Dataset, string? Subset, string? Model, int Images, double MeanDice, DateTime CreatedAt)
{
    /// <summary>"#12 Predict · model" for headers and legends.</summary>
    public string Label => Model is null ? $"#{Id} {Kind}" : $"#{Id} {Kind} · {Model}";
}
