using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Components.Shared;

namespace SdSeg.Workbench.Compare;

/// <summary>A finished run with per-image results, as offered for comparison.</summary>
/// <remarks><c>Subset</c>: The split subset the run predicted (train, validation, test), or null for the whole dataset.
/// <c>Model</c>: The model as <see cref="ModelLabel.Of"/> names it, e.g. "unet (run 2)".</remarks>
public sealed record ComparableRun(
    int Id, RunKind Kind, int? DatasetId, string? Dataset, string? Subset, string? Model, int Images, double MeanDice, DateTime CreatedAt)
{
    /// <summary>"#12 Predict · unet (run 2)" for headers, tables and legends.</summary>
    public string Label => ModelLabel.Run(Id, Kind, Model);
}
