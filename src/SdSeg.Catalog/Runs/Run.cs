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

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>The engine's result.json once the run finished (mean metrics, timings).</summary>
    public string? ResultSummaryJson { get; set; }

    /// <summary>Why the run failed or was interrupted.</summary>
    public string? Error { get; set; }

    public List<PerImageResult> PerImageResults { get; set; } = [];
}
