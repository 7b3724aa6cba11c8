using System.Text.Json;
using SdSeg.Catalog.Runs;

namespace SdSeg.Workbench.Api;

/// <summary>A run as the API shows it: what it is, where it is in its life, its progress and its outcome.</summary>
public sealed record ApiRun(
    int Id,
    RunKind Kind,
    RunStatus Status,
    int? DatasetId,
    string? DatasetName,
    int? SplitId,
    int? ModelId,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int? QueuePosition,
    ApiRunProgress? Progress,
    JsonElement? ResultSummary,
    string? Error,
    string ResultsCsvUrl);
