using System.Text.Json;
using SdSeg.Catalog.Runs;
using SdSeg.Catalog.Storage;
using SdSeg.Engine.Runs;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Api;

/// <summary>Turns catalog runs into <see cref="ApiRun"/>s, with live progress for running ones.</summary>
public sealed class ApiRunBuilder(RunProgressStore progressStore, BlobStore blobs)
{
    /// <summary>The run as the API shows it; <paramref name="queuePosition"/> is 1 for the next queued run to start.</summary>
    public ApiRun Build(Run run, int? queuePosition)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new ApiRun(
            run.Id, run.Kind, run.Status, run.DatasetId, run.Dataset?.Name, run.SplitId, run.ModelId,
            run.CreatedAt, run.StartedAt, run.FinishedAt, queuePosition, Progress(run), ResultSummary(run.ResultSummaryJson), run.Error,
            $"{WorkbenchApiExtensions.Prefix}/runs/{run.Id}/results.csv");
    }

    private ApiRunProgress? Progress(Run run)
    {
        if (run.Status == RunStatus.Running)
        {
            // The catalog's progress columns lag the live store by up to a poll; a script watching a run wants the newest.
            var live = progressStore.Get(run.Id, new RunDirectory(blobs.GetFullPath(run.RunDirectory)));
            if (live.Phase is not null)
                return new ApiRunProgress(live.Phase, live.Step, live.TotalSteps, live.EtaSeconds, live.LastEventAt?.UtcDateTime);
        }
        return run.Phase is null ? null : new ApiRunProgress(run.Phase, run.Step, run.TotalSteps, run.EtaSeconds, run.ProgressUpdatedAt);
    }

    private static JsonElement? ResultSummary(string? json)
    {
        if (json is null)
            return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // A damaged result.json must not make the run unreadable through the API; the page shows the same gap.
            return null;
        }
    }
}
