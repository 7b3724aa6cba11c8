using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Catalog.Runs;
using SdSeg.Catalog.Storage;
using SdSeg.Engine.Runs;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Components.Pages.Runs;
using SdSeg.Workbench.Runs;
using RunKind = SdSeg.Catalog.Runs.RunKind;

namespace SdSeg.Workbench.Tests.Components;

/// <summary>The interactive run page: who is offered resume, the log tail, and the live refresh when the run changes.</summary>
public sealed class RunDetailsTests : IAsyncLifetime
{
    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(30);

    private const string TrainResult = """
        { "status": "completed", "bestValidationDice": 0.8022114763413906, "bestStep": 1953, "denoiserSteps": 2339, "trainSamples": 210 }
        """;

    private readonly ComponentHost host = new();
    private int runId;

    public async Task InitializeAsync()
    {
        await using var db = host.Factory.OpenCatalog();
        var run = new Run
        {
            Kind = RunKind.Train, Status = RunStatus.Interrupted, RunDirectory = "runs/interrupted", CreatedAt = DateTime.UtcNow,
            SpecJson = """{"kind":"Train","config":"unet","seed":0}""", Error = "The workbench stopped while this run was running.",
        };
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        runId = run.Id;
    }

    [Fact]
    public async Task An_interrupted_run_offers_resume_to_researchers_and_not_to_viewers()
    {
        var viewer = await host.SignInAsync("vera", WorkbenchRoles.Viewer);
        var researcher = await host.SignInAsync("rita", WorkbenchRoles.Researcher);

        var asViewer = viewer.Render<RunDetails>(p => p.Add(r => r.Id, runId));
        var asResearcher = researcher.Render<RunDetails>(p => p.Add(r => r.Id, runId));

        asViewer.WaitForElement("[data-testid=run-status]", RefreshTimeout);
        asResearcher.WaitForElement("[data-testid=resume-run]", RefreshTimeout);
        Assert.Empty(asViewer.FindAll("[data-testid=resume-run]"));
        foreach (var page in new[] { asViewer, asResearcher })
        {
            Assert.Equal("Interrupted", page.Find("[data-testid=run-status]").TextContent.Trim());
            Assert.Equal("The workbench stopped while this run was running.", page.Find("[data-testid=run-error]").TextContent.Trim());
            Assert.Empty(page.FindAll("[data-testid=cancel-run]"));
        }
    }

    [Fact]
    public async Task Resume_is_refused_with_a_reason_while_an_engine_still_holds_the_run_directory()
    {
        var researcher = await host.SignInAsync("rita", WorkbenchRoles.Researcher);
        var directory = host.Factory.Services.GetRequiredService<BlobStore>().GetFullPath("runs/interrupted");
        Directory.CreateDirectory(directory);
        var page = researcher.Render<RunDetails>(p => p.Add(r => r.Id, runId));
        page.WaitForElement("[data-testid=resume-run]", RefreshTimeout);

        using (SdSeg.Engine.Execution.EngineLock.Acquire(directory))
        {
            await page.InvokeAsync(() => page.Find("[data-testid=resume-run]").Click());
            page.WaitForElement("[data-testid=resume-refused]", RefreshTimeout);
            Assert.Equal("Interrupted", page.Find("[data-testid=run-status]").TextContent.Trim());
        }

        await page.InvokeAsync(() => page.Find("[data-testid=resume-run]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=resume-refused]")), RefreshTimeout);
        page.WaitForAssertion(() => Assert.NotEqual("Interrupted", page.Find("[data-testid=run-status]").TextContent.Trim()), RefreshTimeout);
    }

    [Fact]
    public async Task The_log_shows_only_its_last_sixty_lines()
    {
        var directory = new RunDirectory(host.Factory.Services.GetRequiredService<BlobStore>().GetFullPath("runs/interrupted"));
        Directory.CreateDirectory(directory.Path);
        await File.WriteAllLinesAsync(directory.LogFile, Enumerable.Range(1, 100).Select(i => $"line {i}"));
        var viewer = await host.SignInAsync("vera", WorkbenchRoles.Viewer);

        var page = viewer.Render<RunDetails>(p => p.Add(r => r.Id, runId));

        var log = page.WaitForElement("[data-testid=run-log]", RefreshTimeout).TextContent.Split('\n');
        Assert.Equal(Enumerable.Range(41, 60).Select(i => $"line {i}"), log);
    }

    [Fact]
    public async Task An_open_page_shows_the_result_when_the_run_finishes_without_a_reload()
    {
        var researcher = await host.SignInAsync("rita", WorkbenchRoles.Researcher);
        var page = researcher.Render<RunDetails>(p => p.Add(r => r.Id, runId));
        page.WaitForElement("[data-testid=resume-run]", RefreshTimeout);
        Assert.Empty(page.FindAll("[data-testid=result-summary]"));
        Assert.Equal("(no log yet)", page.Find("[data-testid=run-log]").TextContent);

        await using (var db = host.Factory.OpenCatalog())
        {
            var run = await db.Runs.FindAsync(runId);
            (run!.Status, run.Error, run.ResultSummaryJson, run.FinishedAt) = (RunStatus.Succeeded, null, TrainResult, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        await host.Factory.Services.GetRequiredService<RunNotifier>().NotifyAsync(runId);

        page.WaitForAssertion(() => Assert.Equal("Succeeded", page.Find("[data-testid=run-status]").TextContent.Trim()), RefreshTimeout);
        var facts = page.FindAll("[data-testid=result-facts] tr").Select(r => r.QuerySelector("td")!.TextContent).ToList();
        Assert.Contains("Outcome", facts);
        Assert.Contains("Best validation Dice", facts);
        Assert.Empty(page.FindAll("[data-testid=resume-run]"));
        Assert.Empty(page.FindAll("[data-testid=run-error]"));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();
}
