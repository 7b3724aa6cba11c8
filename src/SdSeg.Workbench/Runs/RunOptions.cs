using SdSeg.Catalog.Storage;

namespace SdSeg.Workbench.Runs;

/// <summary>How the workbench executes runs (configuration section "SdSeg").</summary>
public class RunOptions
{
    /// <summary>How many runs execute at once; null means one per CUDA GPU found by <c>nvidia-smi -L</c>, else 1.</summary>
    public int? RunSlots { get; set; }

    /// <summary>The engine to start for a run: the <c>sdseg</c> executable or its <c>sdseg.dll</c>; null means the CLI built beside the workbench.</summary>
    public string? EngineCommand { get; set; }

    /// <summary>Seconds a stopped run gets to write its checkpoint and exit after SIGTERM before it is killed.</summary>
    public double CancelGraceSeconds { get; set; } = 30;

    /// <summary>How often progress.jsonl of a running run is read, in milliseconds.</summary>
    public int ProgressPollMilliseconds { get; set; } = 500;

    /// <summary>How often the queue is checked for runs added outside this app, in seconds (runs created here start at once).</summary>
    public double QueuePollSeconds { get; set; } = 30;

    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = CatalogOptions.SectionName;
}
