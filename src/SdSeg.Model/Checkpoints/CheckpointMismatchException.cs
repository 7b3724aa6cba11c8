namespace SdSeg.Model.Checkpoints;

/// <summary>A checkpoint that does not fit the module it was meant for; nothing was loaded. The report names every mismatch.</summary>
public sealed class CheckpointMismatchException(LoadReport report, string? context = null)
    : Exception((context is null ? "" : context + " ") + "Checkpoint does not fit the module, nothing was loaded.\n" + report.Describe())
{
    public LoadReport Report { get; } = report;
}
