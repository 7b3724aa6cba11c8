using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Runs;
using SdSeg.Engine.Runs;
using SdSeg.Workbench.Runs;
using CatalogRunKind = SdSeg.Catalog.Runs.RunKind;

namespace SdSeg.Workbench.Tests.Runs;

/// <summary>The scheduler against a real SQLite catalog and real <c>sdseg run</c> child processes (tiny preset, CPU).</summary>
public sealed class RunSchedulerTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(150);
    private readonly string dataRoot = Directory.CreateTempSubdirectory("sdseg-runs-tests-").FullName;
    private string BlobRoot => Path.Combine(dataRoot, "blobs");

    [Fact]
    public async Task A_tiny_train_run_executes_as_a_child_process_and_a_predict_run_records_per_image_metrics()
    {
        using var host = new RunsHost(dataRoot).Started();
        int datasetId;
        await using (var db = host.OpenCatalog())
            datasetId = await TinyDataset.SeedAsync(db, BlobRoot);

        var trainId = await host.Launcher.QueueAsync(new RunRequest
        {
            Kind = CatalogRunKind.Train, Preset = "tiny", DatasetId = datasetId, Steps = 4, BatchSize = 2, Seed = 1, Device = "cpu",
        });
        var train = await RunWait.ForStatusAsync(host, trainId, s => s is not (RunStatus.Queued or RunStatus.Running), RunTimeout);

        Assert.True(train.Status == RunStatus.Succeeded, $"train ended {train.Status}: {train.Error}");
        Assert.NotNull(train.ResultSummaryJson);
        Assert.Equal("completed", JsonDocument.Parse(train.ResultSummaryJson!).RootElement.GetProperty("status").GetString());
        Assert.Equal("done", train.Phase);
        Assert.Null(train.ProcessId);
        Assert.True(train.ProgressOffset > 0);
        await using (var db = host.OpenCatalog())
            Assert.True(await db.Models.AnyAsync(m => m.OriginRunId == trainId));

        var predictId = await host.Launcher.QueueAsync(new RunRequest
        {
            Kind = CatalogRunKind.Predict, ModelRunId = trainId, DatasetId = datasetId, Subset = "test", Device = "cpu",
        });
        var predict = await RunWait.ForStatusAsync(host, predictId, s => s is not (RunStatus.Queued or RunStatus.Running), RunTimeout);

        Assert.True(predict.Status == RunStatus.Succeeded, $"predict ended {predict.Status}: {predict.Error}");
        await using (var db = host.OpenCatalog())
        {
            var testStems = (await db.Splits.SingleAsync(s => s.DatasetId == datasetId)).TestStems;
            Assert.Equal(testStems.Order(), predict.PerImageResults.Select(p => p.SampleStem).Order());
            Assert.All(predict.PerImageResults, p => Assert.InRange(p.Dice, 0, 1));
        }
    }

    [Fact]
    public async Task A_queued_run_survives_a_restart_and_a_run_cut_off_while_running_becomes_interrupted_and_resumable()
    {
        int queuedId, runningId;
        using (var first = new RunsHost(dataRoot).Started())
        {
            await using var db = first.OpenCatalog();
            var datasetId = await TinyDataset.SeedAsync(db, BlobRoot);
            // Rows written straight into the catalog, as a crashed workbench would have left them; the scheduler is not woken.
            var queued = TrainRun(datasetId, RunStatus.Queued, "runs/queued");
            var running = TrainRun(datasetId, RunStatus.Running, "runs/running");
            running.StartedAt = DateTime.UtcNow;
            db.Runs.AddRange(queued, running);
            await db.SaveChangesAsync();
            (queuedId, runningId) = (queued.Id, running.Id);
        }

        using var second = new RunsHost(dataRoot).Started();
        await using (var db = second.OpenCatalog())
        {
            var interrupted = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runningId);
            Assert.Equal(RunStatus.Interrupted, interrupted.Status);
            Assert.Contains("resume", interrupted.Error);
        }
        var finished = await RunWait.ForStatusAsync(second, queuedId, s => s is not (RunStatus.Queued or RunStatus.Running), RunTimeout);
        Assert.True(finished.Status == RunStatus.Succeeded, $"queued run ended {finished.Status}: {finished.Error}");

        Assert.True(await second.Scheduler.ResumeAsync(runningId));
        var resumed = await RunWait.ForStatusAsync(second, runningId, s => s is not (RunStatus.Queued or RunStatus.Running), RunTimeout);
        Assert.True(resumed.Status == RunStatus.Succeeded, $"resumed run ended {resumed.Status}: {resumed.Error}");
        Assert.Contains("Resuming training", await File.ReadAllTextAsync(Path.Combine(BlobRoot, "runs/running/log.txt")));
    }

    [Fact]
    public async Task Cancel_stops_the_child_process_and_marks_the_run_cancelled()
    {
        using var host = new RunsHost(dataRoot).Started();
        int datasetId;
        await using (var db = host.OpenCatalog())
            datasetId = await TinyDataset.SeedAsync(db, BlobRoot);
        var runId = await host.Launcher.QueueAsync(new RunRequest
        {
            Kind = CatalogRunKind.Train, Preset = "tiny", DatasetId = datasetId, Steps = 100_000, BatchSize = 2, Device = "cpu",
        });
        var running = await WaitForProgressAsync(host, runId);
        var processId = running.ProcessId ?? throw new InvalidOperationException("A running run has no process id.");

        Assert.True(await host.Scheduler.CancelAsync(runId));
        var cancelled = await RunWait.ForStatusAsync(host, runId, s => s != RunStatus.Running, RunTimeout);

        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Null(cancelled.ProcessId);
        Assert.False(Processes.IsAlive(processId), $"engine process {processId} is still running");
        Assert.False(host.Scheduler.IsExecuting(runId));
    }

    [Fact]
    public async Task A_run_whose_spec_is_not_valid_fails_with_a_clear_error()
    {
        using var host = new RunsHost(dataRoot).Started();
        int runId;
        await using (var db = host.OpenCatalog())
        {
            var run = new Run { Kind = CatalogRunKind.Train, Status = RunStatus.Queued, SpecJson = "{}", RunDirectory = "runs/bad", CreatedAt = DateTime.UtcNow };
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            runId = run.Id;
        }
        host.Scheduler.Wake();

        var failed = await RunWait.ForStatusAsync(host, runId, s => s is not (RunStatus.Queued or RunStatus.Running), TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith("The run could not start: its spec is not a valid run spec", failed.Error);
    }

    private static async Task<Run> WaitForProgressAsync(RunsHost host, int runId)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await using (var db = host.OpenCatalog())
            {
                var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
                if (run.Status == RunStatus.Running && run.Phase is "first-stage" or "denoiser")
                    return run;
                Assert.True(run.Status is RunStatus.Queued or RunStatus.Running, $"run ended {run.Status}: {run.Error}");
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Run {runId} reported no training progress within {RunTimeout.TotalSeconds} s.");
    }

    private Run TrainRun(int datasetId, RunStatus status, string folder)
    {
        var spec = new RunSpec { Kind = Engine.Runs.RunKind.Train, Config = "tiny", Data = $"../../datasets/{datasetId}", Steps = 2, BatchSize = 2, Device = "cpu" };
        new RunDirectory(Path.Combine(BlobRoot, folder)).WriteSpec(spec);
        return new Run
        {
            Kind = CatalogRunKind.Train, Status = status, RunDirectory = folder, DatasetId = datasetId, CreatedAt = DateTime.UtcNow,
            SpecJson = JsonSerializer.Serialize(spec, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        };
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataRoot))
            Directory.Delete(dataRoot, recursive: true);
    }
}
