using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SdSeg.Catalog.Runs;
using SdSeg.Engine.Execution;
using SdSeg.Engine.Runs;
using SdSeg.Engine.Training;
using SdSeg.Workbench.Runs;
using CatalogRunKind = SdSeg.Catalog.Runs.RunKind;

namespace SdSeg.Workbench.Tests.Runs;

/// <summary>
/// Stopping and restarting the workbench around a real engine: a shutdown stops engines with a checkpoint however long other
/// services take to stop, an engine left by a killed workbench has ended before its run is offered for resuming, a resume is
/// refused while an engine holds the run directory, and a resumed run shows its checkpoint's step instead of stale progress.
/// </summary>
public sealed class RunStopAndRecoveryTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(150);
    private readonly string dataRoot = Directory.CreateTempSubdirectory("sdseg-stop-tests-").FullName;
    private string BlobRoot => Path.Combine(dataRoot, "blobs");

    [Fact]
    public async Task Shutdown_stops_the_engine_with_a_checkpoint_even_while_another_service_is_slow_to_stop()
    {
        // Registered after the scheduler, so it stops first, as the web server does while a browser's circuit is open.
        var host = new RunsHost(dataRoot, services => services.AddHostedService<SlowToStopService>()).Started();
        int datasetId;
        await using (var db = host.OpenCatalog())
            datasetId = await TinyDataset.SeedAsync(db, BlobRoot);
        var runId = await host.Launcher.QueueAsync(new RunRequest
        {
            Kind = CatalogRunKind.Train, Preset = "tiny", DatasetId = datasetId, Steps = 100_000, BatchSize = 2, Device = "cpu",
        });
        var running = await WaitForTrainingAsync(host, runId);
        var directory = new RunDirectory(Path.Combine(BlobRoot, running.RunDirectory));
        int processId = running.ProcessId!.Value;

        var shutdown = Task.Run(host.Dispose);
        var deadline = DateTime.UtcNow + SlowToStopService.Delay / 2;
        while (!ReadShared(directory.LogFile).Contains("Cancelled", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        string log = ReadShared(directory.LogFile);
        Assert.False(shutdown.IsCompleted, "the slow service should still be stopping");
        Assert.Contains("Cancelled", log);
        await shutdown;

        Assert.NotNull(TrainingRunState.Read(directory.CheckpointsFolder));
        Assert.False(Processes.IsAlive(processId));
        Assert.False(EngineLock.IsHeld(directory.Path));
    }

    [Fact]
    public async Task Start_up_waits_for_an_engine_left_by_a_killed_workbench_and_resume_then_restarts_from_its_checkpoint()
    {
        var directory = new RunDirectory(Path.Combine(BlobRoot, "runs/orphan"));
        Process orphan;
        int runId;
        using (var seed = new RunsHost(dataRoot).Started())
        await using (var db = seed.OpenCatalog())
        {
            int datasetId = await TinyDataset.SeedAsync(db, BlobRoot);
            // The engine a workbench killed with SIGKILL leaves behind: running, and recorded Running with its process id.
            var spec = new RunSpec { Kind = Engine.Runs.RunKind.Train, Config = "tiny", Data = $"../../datasets/{datasetId}", Steps = 100_000, BatchSize = 2, Device = "cpu" };
            directory.WriteSpec(spec);
            orphan = StartEngine(directory);
            await WaitForAsync(() => ReadShared(directory.ProgressFile).Contains("\"first-stage\"", StringComparison.Ordinal) || orphan.HasExited, "first-stage progress of the orphan");
            Assert.False(orphan.HasExited, ReadShared(directory.LogFile));
            var run = new Run
            {
                Kind = CatalogRunKind.Train, Status = RunStatus.Running, RunDirectory = "runs/orphan", DatasetId = datasetId,
                CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow, ProcessId = orphan.Id, Phase = "first-stage", Step = 3,
                SpecJson = JsonSerializer.Serialize(spec, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            };
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            runId = run.Id;
        }
        using var engine = orphan;

        using var host = new RunsHost(dataRoot).Started();

        Assert.True(orphan.HasExited, "start-up returned while the old engine still ran");
        Assert.Contains("Cancelled", ReadShared(directory.LogFile));
        Assert.False(EngineLock.IsHeld(directory.Path));
        await using (var db = host.OpenCatalog())
            Assert.Equal(RunStatus.Interrupted, (await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId)).Status);
        Assert.True(await host.Scheduler.ResumeAsync(runId));
        await WaitForAsync(() => ReadShared(directory.LogFile).Contains("Resuming training", StringComparison.Ordinal), "resumed engine");
    }

    [Fact]
    public async Task Resume_is_refused_while_an_engine_holds_the_run_directory_and_then_shows_the_checkpoint_step_queued()
    {
        using var host = new RunsHost(dataRoot).Started();
        int datasetId;
        await using (var db = host.OpenCatalog())
            datasetId = await TinyDataset.SeedAsync(db, BlobRoot);
        var directory = new RunDirectory(Path.Combine(BlobRoot, "runs/cut"));
        var spec = new RunSpec { Kind = Engine.Runs.RunKind.Train, Config = "tiny", Data = $"../../datasets/{datasetId}", Steps = 2, BatchSize = 2, Device = "cpu" };
        directory.WriteSpec(spec);
        // What the dead engine left: a checkpoint at step 24, then events past it and its stop.
        new TrainingRunState { DenoiserSteps = 24, FirstStageDone = true }.Write(directory.CheckpointsFolder);
        directory.AppendProgress(new ProgressEvent { Phase = "denoiser", Step = 27, TotalSteps = 100 });
        directory.AppendProgress(new ProgressEvent { Phase = "cancelled", Step = 27, TotalSteps = 100 });
        int runId;
        await using (var db = host.OpenCatalog())
        {
            var run = new Run
            {
                Kind = CatalogRunKind.Train, Status = RunStatus.Interrupted, RunDirectory = "runs/cut", DatasetId = datasetId,
                CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, Phase = "cancelled", Step = 27, TotalSteps = 100,
                SpecJson = JsonSerializer.Serialize(spec, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            };
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            runId = run.Id;
        }

        using (EngineLock.Acquire(directory.Path))
        {
            Assert.False(await host.Scheduler.ResumeAsync(runId));
            await using var db = host.OpenCatalog();
            Assert.Equal(RunStatus.Interrupted, (await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId)).Status);
        }

        Assert.True(await host.Scheduler.ResumeAsync(runId));
        // Until the new engine reports, the run stands at its checkpoint: queued (or resuming, once the scheduler took it).
        var progress = host.Services.GetRequiredService<RunProgressStore>().Get(runId, directory);
        Assert.Contains(progress.Phase, new[] { "queued", "resuming" });
        Assert.Equal(24, progress.Step);
        await using (var db = host.OpenCatalog())
        {
            var resumed = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
            Assert.NotEqual("cancelled", resumed.Phase);
            if (resumed.Phase == "queued")
                Assert.Equal(24, resumed.Step);
        }
        await host.Scheduler.CancelAsync(runId);
    }

    private static Process StartEngine(RunDirectory directory)
    {
        var process = Process.Start(EngineCommand.Resolve(null).StartInfo(directory.Path, resume: false))!;
        process.StandardInput.Close();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<Run> WaitForTrainingAsync(RunsHost host, int runId)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await using (var db = host.OpenCatalog())
            {
                var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
                if (run.Status == RunStatus.Running && run.Phase is "first-stage" or "denoiser" && run.ProcessId is not null)
                    return run;
                Assert.True(run.Status is RunStatus.Queued or RunStatus.Running, $"run ended {run.Status}: {run.Error}");
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Run {runId} reported no training progress within {RunTimeout.TotalSeconds} s.");
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No {what} within {RunTimeout.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    private static string ReadShared(string file)
    {
        if (!File.Exists(file))
            return "";
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataRoot))
            Directory.Delete(dataRoot, recursive: true);
    }

    /// <summary>A hosted service whose stop takes long and ignores the host's token.</summary>
    private sealed class SlowToStopService : IHostedService
    {
        public static readonly TimeSpan Delay = TimeSpan.FromSeconds(24);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.Delay(Delay, CancellationToken.None);
    }
}
