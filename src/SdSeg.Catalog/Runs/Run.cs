using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Models;

namespace SdSeg.Catalog.Runs;

/// <summary>One train, predict or evaluate job, executed by the engine in its own run directory.</summary>
public class Run
{
    public int Id { get; set; }

    public RunKind Kind { get; set; }

    public RunStatus Status { get; set; }

    /// <summary>The run spec as written to the run directory's spec.json.</summary>
    public required string SpecJson { get; set; }

    /// <summary>Run directory path relative to the blob store root.</summary>
    public required string RunDirectory { get; set; }

    /// <summary>Model the run starts from (train) or applies (predict, evaluate); null when training from scratch.</summary>
    public int? ModelId { get; set; }

    public ModelEntry? Model { get; set; }

    public int? DatasetId { get; set; }

    public Dataset? Dataset { get; set; }

    public int? SplitId { get; set; }

    public Split? Split { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the run last joined the queue (created or resumed); the queue is served oldest first, falling back to <see cref="CreatedAt"/>.</summary>
    public DateTime? QueuedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Operating-system id of the engine process while the run is running.</summary>
    public int? ProcessId { get; set; }

    /// <summary>Byte offset in progress.jsonl up to which events were ingested; ingestion continues from here.</summary>
    public long ProgressOffset { get; set; }

    /// <summary>Phase of the latest progress event (first-stage, denoiser, validation, predict, evaluate, done, ...).</summary>
    public string? Phase { get; set; }

    /// <summary>Step of the latest progress event.</summary>
    public long Step { get; set; }

    /// <summary>Total steps of the latest progress event's phase, when known.</summary>
    public long? TotalSteps { get; set; }

    /// <summary>The engine's estimate of the seconds left, from the latest event that had one.</summary>
    public double? EtaSeconds { get; set; }

    /// <summary>When the latest progress event was ingested; shows a stalled run for what it is.</summary>
    public DateTime? ProgressUpdatedAt { get; set; }

    /// <summary>The engine's result.json once the run finished (mean metrics, timings).</summary>
    public string? ResultSummaryJson { get; set; }

    /// <summary>Why the run failed or was interrupted.</summary>
    public string? Error { get; set; }

    public List<PerImageResult> PerImageResults { get; set; } = [];
}
