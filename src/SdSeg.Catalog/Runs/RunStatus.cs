namespace SdSeg.Catalog.Runs;

/// <summary>Where a run is in its life.</summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// <summary>The workbench stopped while the run was running (restart, crash); it did not finish.</summary>
    Interrupted,
}
