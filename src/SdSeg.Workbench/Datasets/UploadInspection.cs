using SdSeg.Engine.Datasets;

namespace SdSeg.Workbench.Datasets;

/// <summary>What an uploaded zip holds: its layout and scan report, or why it was refused (then both are null).</summary>
/// <param name="Upload">The upload inspected.</param>
/// <param name="Report">The scan report, with the detected layout; null when refused.</param>
/// <param name="Refusal">The specific reason the zip cannot be imported (hostile entry, unknown layout, not a zip); null when scanned.</param>
public sealed record UploadInspection(UploadedArchive Upload, ImportReport? Report, string? Refusal)
{
    /// <summary>True when the zip was scanned and at least one pair is valid.</summary>
    public bool CanImport => Report is { Samples.Count: > 0 };
}
