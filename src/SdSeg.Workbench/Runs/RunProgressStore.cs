using System.Collections.Concurrent;
using SdSeg.Engine.Runs;

namespace SdSeg.Workbench.Runs;

/// <summary>The live progress of runs in memory, folded from their progress.jsonl; pages read it, the scheduler feeds it.</summary>
public sealed class RunProgressStore
{
    private readonly ConcurrentDictionary<int, RunProgress> _progress = new();

    /// <summary>The run's progress: from memory when it is being ingested, else read from its progress.jsonl.</summary>
    public RunProgress Get(int runId, RunDirectory directory) =>
        _progress.TryGetValue(runId, out var live) ? live : RunProgress.Read(directory);

    /// <summary>Reads the events appended since the last call and keeps the result; returns it and whether anything new came.</summary>
    public (RunProgress Progress, bool Changed) Ingest(int runId, RunDirectory directory)
    {
        var current = _progress.GetOrAdd(runId, _ => RunProgress.Empty);
        var (events, next) = directory.ReadProgress(current.Offset);
        var updated = current.With(events, next);
        _progress[runId] = updated;
        return (updated, events.Count > 0);
    }

    /// <summary>Forgets a run that is no longer ingested (its file stays the record).</summary>
    public void Forget(int runId) => _progress.TryRemove(runId, out _);
}
