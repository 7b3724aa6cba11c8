using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SdSeg.Catalog;
using SdSeg.Catalog.Models;
using SdSeg.Catalog.Runs;
using SdSeg.Catalog.Storage;
using SdSeg.Engine.Execution;
using SdSeg.Engine.Runs;
using SdSeg.Engine.Training;

namespace SdSeg.Workbench.Runs;

/// <summary>
/// Executes queued runs (oldest first, up to <see cref="Slots"/> at once) as <c>sdseg run</c> child processes, ingests their
/// progress.jsonl live into <see cref="RunProgressStore"/> and the catalog, and records how they ended. The queue is the catalog,
/// so it survives restarts; a run found Running at start-up was cut off and becomes Interrupted (resumable) once the engine a
/// crashed workbench left behind has ended.
/// </summary>
public sealed partial class RunScheduler(
    IDbContextFactory<CatalogDbContext> catalog,
    BlobStore blobs,
    RunProgressStore progressStore,
    RunNotifier notifier,
    IOptions<RunOptions> options,
    ILogger<RunScheduler> logger) : BackgroundService, IHostedLifecycleService
{
    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<int, ActiveRun> _active = new();
    // Runs that ended while their end could not be written to the catalog (disk full, read-only): written once it can be.
    private readonly ConcurrentDictionary<int, (ActiveRun Run, RunOutcome Outcome)> _unrecorded = new();
    private static readonly TimeSpan UnrecordedRetry = TimeSpan.FromSeconds(2);
    private readonly Lazy<int> _slots = new(() => Math.Max(1, options.Value.RunSlots ?? Math.Max(1, GpuCount.Detect())));
    private volatile bool _stopping;
    private DateTime? _stopRequestedAt;

    /// <summary>How many runs execute at once.</summary>
    public int Slots => _slots.Value;

    /// <summary>Whether the run's engine process is alive in this app.</summary>
    public bool IsExecuting(int runId) => _active.ContainsKey(runId);

    /// <summary>Looks at the queue now (after a run was created or resumed).</summary>
    public void Wake() => _wake.Release();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs when the app begins to shut down, before any service stops: the web server's own stop waits for open connections
    /// (a browser's Blazor circuit) up to the whole shutdown timeout, and engines signalled only after it were killed mid-run.
    /// </summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        RequestStopOfAll();
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.QueuePollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RecordUnrecordedAsync();
                await StartQueuedRunsAsync(stoppingToken);
                await _wake.WaitAsync(_unrecorded.IsEmpty ? poll : UnrecordedRetry, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The catalog may be briefly locked or unreadable; the queue stays where it is and is tried again.
                LogQueueFailed(e);
                await Task.Delay(poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Stops a running run (SIGTERM, then a kill after the grace period) or takes a queued run off the queue.</summary>
    public async Task<bool> CancelAsync(int runId, CancellationToken cancellationToken = default)
    {
        if (_active.TryGetValue(runId, out var active))
        {
            active.CancelRequested = true;
            active.Engine.RequestStop();
            _ = KillAfterGraceAsync(active);
            return true;
        }
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var changed = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Cancelled).SetProperty(r => r.FinishedAt, now), cancellationToken);
        if (changed > 0)
            await notifier.NotifyAsync(runId);
        return changed > 0;
    }

    /// <summary>
    /// Puts an interrupted or cancelled run back at the end of the queue; a train run continues from its last checkpoint.
    /// Refused (false) while an engine process still holds the run directory: two engines must not share it. Its shown
    /// progress goes back to the checkpoint's step, queued, instead of the old engine's last event.
    /// </summary>
    public async Task<bool> ResumeAsync(int runId, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.Status is not (RunStatus.Interrupted or RunStatus.Cancelled))
            return false;
        var directory = new RunDirectory(blobs.GetFullPath(run.RunDirectory));
        if (_active.ContainsKey(runId) || EngineLock.IsHeld(directory.Path))
        {
            LogResumeRefused(runId);
            return false;
        }
        long step = CheckpointStep(directory);
        var now = DateTime.UtcNow;
        var changed = await db.Runs.Where(r => r.Id == runId && (r.Status == RunStatus.Interrupted || r.Status == RunStatus.Cancelled))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Queued).SetProperty(r => r.QueuedAt, now)
                .SetProperty(r => r.FinishedAt, (DateTime?)null).SetProperty(r => r.Error, (string?)null).SetProperty(r => r.ProcessId, (int?)null)
                .SetProperty(r => r.Phase, "queued").SetProperty(r => r.Step, step).SetProperty(r => r.EtaSeconds, (double?)null)
                .SetProperty(r => r.ProgressUpdatedAt, now),
                cancellationToken);
        if (changed > 0)
        {
            AppendProgress(directory, new ProgressEvent { Phase = "queued", Step = step, TotalSteps = run.TotalSteps, Message = "resumed; waiting for the engine" });
            progressStore.Forget(runId);
            Wake();
            await notifier.NotifyAsync(runId);
        }
        return changed > 0;
    }

    /// <summary>The step a resumed train run continues from: its last checkpoint's (0 for other runs or none yet).</summary>
    private static long CheckpointStep(RunDirectory directory)
    {
        try
        {
            return TrainingRunState.Read(directory.CheckpointsFolder)?.DenoiserSteps ?? 0;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Adds the workbench's own event to progress.jsonl, so pages that fold the file show where the run stands now rather
    /// than the last event of an engine that is gone.
    /// </summary>
    private static void AppendProgress(RunDirectory directory, ProgressEvent progress)
    {
        try
        {
            if (Directory.Exists(directory.Path))
                directory.AppendProgress(progress);
        }
        catch (IOException)
        {
            // Only the shown progress is stale then; the engine's next event replaces it.
        }
    }

    private void RequestStopOfAll()
    {
        _stopping = true;
        _stopRequestedAt ??= DateTime.UtcNow;
        foreach (var active in _active.Values)
        {
            active.AppStopping = true;
            active.Engine.RequestStop();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        RequestStopOfAll();
        var running = _active.Values.ToList();
        if (running.Count > 0)
        {
            // The grace period counts from the signal, and is not cut short by the host's shutdown timeout (which other
            // services may have used up): a kill here loses the training since the last checkpoint.
            var monitors = Task.WhenAll(running.Select(a => a.Monitor));
            var left = _stopRequestedAt!.Value.AddSeconds(options.Value.CancelGraceSeconds) - DateTime.UtcNow;
            if (left > TimeSpan.Zero)
                await Task.WhenAny(monitors, Task.Delay(left, CancellationToken.None));
            foreach (var active in running.Where(a => !a.Monitor.IsCompleted && !a.Engine.HasExited))
            {
                LogKilled(active.RunId, options.Value.CancelGraceSeconds);
                active.Engine.Kill();
            }
            await Task.WhenAny(monitors, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        }
        await base.StopAsync(cancellationToken);
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var cutOff = await db.Runs.Where(r => r.Status == RunStatus.Running).ToListAsync(cancellationToken);
        // Only once the old engines have ended is a run resumable: a resume before would put two engines in one run directory.
        await Task.WhenAll(cutOff.Where(r => r.ProcessId is not null)
            .Select(r => StopOrphanAsync(r.Id, r.ProcessId!.Value, blobs.GetFullPath(r.RunDirectory))));
        foreach (var run in cutOff)
        {
            run.Status = RunStatus.Interrupted;
            run.ProcessId = null;
            run.FinishedAt = DateTime.UtcNow;
            run.Error = "The workbench stopped while the run was running; resume it to continue from its last checkpoint.";
            LogInterrupted(run.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (await db.Runs.AnyAsync(r => r.Status == RunStatus.Queued, cancellationToken))
            Wake();
    }

    /// <summary>
    /// An engine left running by a crashed workbench would keep writing into a run now marked Interrupted: SIGTERM (it saves a
    /// checkpoint and exits), wait for it, and SIGKILL it after the grace period.
    /// </summary>
    private async Task StopOrphanAsync(int runId, int processId, string runDirectory)
    {
        if (!IsEngineOf(processId, runDirectory))
            return;
        LogStoppingOrphan(runId, processId);
        PosixSignal.Terminate(processId);
        var grace = TimeSpan.FromSeconds(options.Value.CancelGraceSeconds);
        if (await ExitedAsync(processId, runDirectory, grace))
            return;
        LogKilled(runId, options.Value.CancelGraceSeconds);
        PosixSignal.Kill(processId);
        await ExitedAsync(processId, runDirectory, TimeSpan.FromSeconds(10));
    }

    private static async Task<bool> ExitedAsync(int processId, string runDirectory, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsEngineOf(processId, runDirectory))
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(100);
        }
        return true;
    }

    /// <summary>
    /// Whether the process is alive and runs this run directory: process ids are reused, and an exited orphan whose new
    /// parent has not reaped it yet (a zombie) has an empty command line.
    /// </summary>
    private static bool IsEngineOf(int processId, string runDirectory)
    {
        var commandLine = $"/proc/{processId}/cmdline";
        try
        {
            return File.Exists(commandLine) && File.ReadAllText(commandLine).Contains(runDirectory, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // It exited while being looked at.
            return false;
        }
    }

    private async Task StartQueuedRunsAsync(CancellationToken cancellationToken)
    {
        while (!_stopping && _active.Count < Slots)
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var run = await db.Runs.Where(r => r.Status == RunStatus.Queued)
                .OrderBy(r => r.QueuedAt ?? r.CreatedAt).ThenBy(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (run is null)
                return;
            await StartAsync(db, run, cancellationToken);
        }
    }

    private async Task StartAsync(CatalogDbContext db, Run run, CancellationToken cancellationToken)
    {
        bool resume = run.Kind == Catalog.Runs.RunKind.Train && run.StartedAt is not null;
        if (resume)
        {
            var resumed = new RunDirectory(blobs.GetFullPath(run.RunDirectory));
            AppendProgress(resumed, new ProgressEvent { Phase = "resuming", Step = CheckpointStep(resumed), TotalSteps = run.TotalSteps, Message = "the engine is starting from the last checkpoint" });
            progressStore.Forget(run.Id);
        }
        run.Status = RunStatus.Running;
        run.StartedAt ??= DateTime.UtcNow;
        run.FinishedAt = null;
        run.Error = null;
        await db.SaveChangesAsync(cancellationToken);

        RunDirectory directory;
        EngineProcess engine;
        try
        {
            directory = new RunDirectory(blobs.GetFullPath(run.RunDirectory));
            var spec = ParseSpec(run.SpecJson);
            directory.WriteSpec(spec);
            engine = EngineProcess.Start(EngineCommand.Resolve(options.Value.EngineCommand), directory.Path, resume, directory.LogFile);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            run.Status = RunStatus.Failed;
            run.FinishedAt = DateTime.UtcNow;
            run.Error = $"The run could not start: {e.Message}";
            await db.SaveChangesAsync(cancellationToken);
            LogStartFailed(run.Id, e.Message);
            await notifier.NotifyAsync(run.Id);
            return;
        }

        run.ProcessId = engine.Id;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The engine runs whatever the catalog says; it must still be monitored, and its end recorded when possible.
            LogProcessIdNotSaved(run.Id, engine.Id, e.Message);
        }
        LogStarted(run.Id, engine.Id, resume);
        var active = new ActiveRun(run.Id, directory, engine);
        _active[run.Id] = active;
        active.Monitor = Task.Run(() => MonitorAsync(active), CancellationToken.None);
        await notifier.NotifyAsync(run.Id);
    }

    private static RunSpec ParseSpec(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<RunSpec>(json, SpecJson) ?? throw new InvalidDataException("Its spec is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"its spec is not a valid run spec ({e.Message})", e);
        }
    }

    private async Task MonitorAsync(ActiveRun active)
    {
        try
        {
            var exit = active.Engine.WaitForExitAsync();
            var interval = TimeSpan.FromMilliseconds(Math.Max(50, options.Value.ProgressPollMilliseconds));
            while (!exit.IsCompleted)
            {
                await Task.WhenAny(exit, Task.Delay(interval));
                await IngestAsync(active);
            }
            var exitCode = await exit;
            var progress = await IngestAsync(active);
            var outcome = RunOutcome.From(exitCode, active.CancelRequested, active.AppStopping, progress, active.Engine.LastErrorLine);
            try
            {
                await FinishAsync(active, outcome);
                LogFinished(active.RunId, outcome.Status, exitCode);
            }
            catch (Exception e)
            {
                _unrecorded[active.RunId] = (active, outcome);
                LogUnrecorded(active.RunId, outcome.Status, e.Message);
            }
        }
        catch (Exception e)
        {
            LogMonitorFailed(active.RunId, e);
        }
        finally
        {
            _active.TryRemove(active.RunId, out _);
            progressStore.Forget(active.RunId);
            active.Engine.Dispose();
            if (!_stopping)
                Wake();
            await notifier.NotifyAsync(active.RunId);
        }
    }

    private async Task<RunProgress> IngestAsync(ActiveRun active)
    {
        var (progress, changed) = progressStore.Ingest(active.RunId, active.Directory);
        if (!changed)
            return progress;
        try
        {
            await using var db = await catalog.CreateDbContextAsync();
            var now = DateTime.UtcNow;
            await db.Runs.Where(r => r.Id == active.RunId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Phase, progress.Phase)
                .SetProperty(r => r.Step, progress.Step)
                .SetProperty(r => r.TotalSteps, progress.TotalSteps)
                .SetProperty(r => r.EtaSeconds, progress.EtaSeconds)
                .SetProperty(r => r.ProgressOffset, progress.Offset)
                .SetProperty(r => r.ProgressUpdatedAt, now));
        }
        catch (Exception e) when (CatalogFaults.IsUnwritable(e))
        {
            // The live progress (RunProgressStore) still shows it; the catalog catches up at the next event it can write.
            LogProgressNotSaved(active.RunId, e.Message);
        }
        await notifier.NotifyAsync(active.RunId);
        return progress;
    }

    /// <summary>Writes the ends of runs that finished while the catalog could not be written; each stays pending until it is written.</summary>
    private async Task RecordUnrecordedAsync()
    {
        foreach (var (runId, (active, outcome)) in _unrecorded)
        {
            try
            {
                await FinishAsync(active, outcome);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                continue;
            }
            _unrecorded.TryRemove(runId, out _);
            LogRecordedLate(runId, outcome.Status);
            await notifier.NotifyAsync(runId);
        }
    }

    private async Task FinishAsync(ActiveRun active, RunOutcome outcome)
    {
        await using var db = await catalog.CreateDbContextAsync();
        var run = await db.Runs.SingleAsync(r => r.Id == active.RunId);
        run.Status = outcome.Status;
        run.Error = outcome.Error;
        run.FinishedAt = DateTime.UtcNow;
        run.ProcessId = null;
        var directory = active.Directory;
        try
        {
            if (File.Exists(directory.ResultFile))
                run.ResultSummaryJson = await File.ReadAllTextAsync(directory.ResultFile);
            if (File.Exists(directory.MetricsFile))
            {
                var rows = MetricsCsvReader.Read(directory.MetricsFile);
                await db.PerImageResults.Where(p => p.RunId == run.Id).ExecuteDeleteAsync();
                foreach (var row in rows)
                    row.RunId = run.Id;
                db.PerImageResults.AddRange(rows);
            }
            if (outcome.Status == RunStatus.Succeeded && run.Kind == Catalog.Runs.RunKind.Train && File.Exists(directory.ModelWeightsFile))
                db.Models.Add(TrainedModel(run, directory));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or CsvHelper.CsvFormatException or CsvHelper.CsvValidationException or KeyNotFoundException or ArgumentException)
        {
            run.Error = $"The run finished, but its results could not be read: {e.Message}";
        }
        await db.SaveChangesAsync();
    }

    private static ModelEntry TrainedModel(Run run, RunDirectory directory)
    {
        var config = File.Exists(directory.ModelConfigFile) ? File.ReadAllText(directory.ModelConfigFile) : "";
        return new ModelEntry
        {
            Name = $"run {run.Id} model",
            Config = config,
            WeightsPath = run.RunDirectory + "/" + Path.GetFileName(directory.ModelWeightsFile),
            SizeBytes = new FileInfo(directory.ModelWeightsFile).Length,
            OriginRunId = run.Id,
            CreatedAt = DateTime.UtcNow,
        };
    }

    private async Task KillAfterGraceAsync(ActiveRun active)
    {
        var exited = active.Monitor;
        await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(options.Value.CancelGraceSeconds)));
        if (!active.Engine.HasExited)
        {
            LogKilled(active.RunId, options.Value.CancelGraceSeconds);
            active.Engine.Kill();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read the run queue; trying again")]
    private partial void LogQueueFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was running when the workbench stopped; marked Interrupted")]
    private partial void LogInterrupted(int runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} could not start: {Reason}")]
    private partial void LogStartFailed(int runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started as process {ProcessId} (resume: {Resume})")]
    private partial void LogStarted(int runId, int processId, bool resume);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished: {Status} (exit code {ExitCode})")]
    private partial void LogFinished(int runId, RunStatus status, int exitCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} ended {Status}, but the catalog could not record it ({Reason}); retrying until it can")]
    private partial void LogUnrecorded(int runId, RunStatus status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its end ({Status}) is recorded now that the catalog can be written again")]
    private partial void LogRecordedLate(int runId, RunStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: progress not saved to the catalog ({Reason})")]
    private partial void LogProgressNotSaved(int runId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} started as process {ProcessId}, but the catalog could not record it ({Reason})")]
    private partial void LogProcessIdNotSaved(int runId, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Monitoring run {RunId} failed")]
    private partial void LogMonitorFailed(int runId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} cannot be resumed yet: an engine process still holds its run directory")]
    private partial void LogResumeRefused(int runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: stopping engine process {ProcessId} left by the previous workbench")]
    private partial void LogStoppingOrphan(int runId, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} did not stop within {GraceSeconds} s of SIGTERM; killed")]
    private partial void LogKilled(int runId, double graceSeconds);
}
