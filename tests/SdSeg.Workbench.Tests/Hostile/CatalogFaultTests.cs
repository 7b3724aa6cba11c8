using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Catalog;
using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Runs;
using SdSeg.Engine.Runs;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Tests.Accounts;
using SdSeg.Workbench.Tests.Runs;
using CatalogRunKind = SdSeg.Catalog.Runs.RunKind;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>A catalog that cannot be written, is damaged, or is gone: the app records what it can when it can, says what is wrong, and never silently starts afresh.</summary>
[Trait("Category", "Hostile")]
public sealed class CatalogFaultTests : IDisposable
{
    private readonly string dataRoot = Directory.CreateTempSubdirectory("sdseg-faults-tests-").FullName;

    private string BlobRoot => Path.Combine(dataRoot, "blobs");

    private string CatalogFile => Path.Combine(dataRoot, "catalog.db");

    [Fact]
    public async Task A_run_that_fails_while_the_catalog_cannot_be_written_is_marked_failed_with_the_reason_once_it_can()
    {
        // An engine that fails as the real one does on a full disk, when the test says so.
        var engine = Path.Combine(dataRoot, "disk-full-engine.sh");
        File.WriteAllText(engine, "#!/bin/sh\nwhile [ ! -e \"$2/fail-now\" ]; do sleep 0.1; done\necho \"error: No space left on device (writing checkpoints)\" >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(engine, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var block = new CatalogWriteBlock();
        using var host = new RunsHost(dataRoot, s => s.AddSingleton<IInterceptor>(block),
            new Dictionary<string, string?> { ["SdSeg:EngineCommand"] = engine, ["SdSeg:QueuePollSeconds"] = "1" }).Started();
        int runId;
        await using (var db = host.OpenCatalog())
        {
            var spec = new RunSpec { Kind = Engine.Runs.RunKind.Train, Config = "tiny", Data = "../../datasets/1", Steps = 2, Device = "cpu" };
            new RunDirectory(Path.Combine(BlobRoot, "runs/full")).WriteSpec(spec);
            var run = new Run
            {
                Kind = CatalogRunKind.Train, Status = RunStatus.Queued, RunDirectory = "runs/full", CreatedAt = DateTime.UtcNow,
                SpecJson = JsonSerializer.Serialize(spec, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            };
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            runId = run.Id;
        }
        host.Scheduler.Wake();
        await WaitAsync(host, runId, run => run is { Status: RunStatus.Running, ProcessId: not null });

        block.Blocked = true;
        File.WriteAllText(Path.Combine(BlobRoot, "runs/full/fail-now"), "");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (host.Scheduler.IsExecuting(runId) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.False(host.Scheduler.IsExecuting(runId), "The engine did not end.");
        await Task.Delay(2500);
        await using (var db = host.OpenCatalog())
            Assert.Equal(RunStatus.Running, (await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId)).Status);

        block.Blocked = false;
        var failed = await WaitAsync(host, runId, run => run.Status != RunStatus.Running);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains("No space left on device", failed.Error, StringComparison.Ordinal);
        Assert.Null(failed.ProcessId);
    }

    [Fact]
    public async Task While_the_catalog_cannot_be_written_the_api_answers_503_and_sign_in_says_why_instead_of_500()
    {
        var block = new CatalogWriteBlock();
        using var host = new AccountsHost(services: s => s.AddSingleton<IInterceptor>(block));
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);

        block.Blocked = true;
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/runs")).StatusCode);
        var locked = await admin.PostAsync("/api/v1/users/bob/lock", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
        Assert.Contains("cannot write its catalog", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (_, signIn) = await host.PostLoginAsync("bob", AccountsHost.Password("bob"));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("cannot write its catalog", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        block.Blocked = false;
        Assert.True(StaticForms.Redirected((await host.PostLoginAsync("bob", AccountsHost.Password("bob"))).Response));
    }

    [Fact]
    public async Task A_damaged_catalog_makes_healthz_unhealthy_with_the_quick_check_finding()
    {
        using (var first = new RunsHost(dataRoot).Started())
        {
            await using var db = first.OpenCatalog();
            for (int i = 0; i < 300; i++)
                db.Datasets.Add(new Dataset { Name = $"dataset {i} " + new string('x', 200), Source = "test", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        SqliteConnection.ClearAllPools();
        Corrupt(CatalogFile);

        using var second = new WorkbenchFactory { DataRoot = dataRoot };
        var response = await second.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
        Assert.Contains("quick_check", health.GetProperty("checks").GetProperty("catalog").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_empty_or_missing_catalog_beside_existing_datasets_refuses_to_start(bool zeroBytes)
    {
        Directory.CreateDirectory(Path.Combine(BlobRoot, "datasets", "1"));
        File.WriteAllText(Path.Combine(BlobRoot, "datasets", "1", "manifest.json"), "{}");
        if (zeroBytes)
            File.WriteAllBytes(CatalogFile, []);

        using var host = new RunsHost(dataRoot);
        var refused = Assert.ThrowsAny<Exception>(() => host.Started());

        var lost = Assert.IsType<LostCatalogException>(refused is LostCatalogException ? refused : refused.InnerException ?? refused);
        Assert.Contains(zeroBytes ? "empty (0 bytes)" : "missing", lost.Message, StringComparison.Ordinal);
        Assert.Equal(zeroBytes ? 0 : -1, File.Exists(CatalogFile) ? new FileInfo(CatalogFile).Length : -1);
    }

    [Fact]
    public async Task A_zero_byte_catalog_in_an_empty_data_root_is_a_fresh_install()
    {
        File.WriteAllBytes(CatalogFile, []);
        using var host = new WorkbenchFactory { DataRoot = dataRoot };
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    /// <summary>Overwrites the pages of the second half of the file, where the datasets table's leaves are, with garbage.</summary>
    private static void Corrupt(string file)
    {
        const int page = 4096;
        var bytes = File.ReadAllBytes(file);
        var random = new Random(5);
        for (int offset = bytes.Length / page / 2 * page; offset + page <= bytes.Length; offset += page)
            random.NextBytes(bytes.AsSpan(offset + 8, page - 16));
        File.WriteAllBytes(file, bytes);
    }

    private static async Task<Run> WaitAsync(RunsHost host, int runId, Func<Run, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using (var db = host.OpenCatalog())
            {
                var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
                if (done(run))
                    return run;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Run {runId} is {run.Status} (process {run.ProcessId}); error: {run.Error}");
            }
            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataRoot))
            Directory.Delete(dataRoot, recursive: true);
    }
}
