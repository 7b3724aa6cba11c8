using SdSeg.Workbench.Accounts;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using SdSeg.Catalog;
using SdSeg.Catalog.Runs;
using SdSeg.Catalog.Storage;
using SdSeg.Engine.Runs;
using SdSeg.Workbench.Components.Shared;
using SdSeg.Workbench.Runs;
using CatalogRun = SdSeg.Catalog.Runs.Run;

namespace SdSeg.Workbench.Components.Pages.Runs;

/// <summary>One run: status, queue position, live progress and charts, log tail, cancel/resume, results.</summary>
public partial class RunDetails
{
    private const int LogLines = 60;

    [Parameter] public int Id { get; set; }

    [Inject] private IDbContextFactory<CatalogDbContext> CatalogFactory { get; set; } = null!;
    [Inject] private RunNotifier Notifier { get; set; } = null!;
    [Inject] private RunProgressStore ProgressStore { get; set; } = null!;
    [Inject] private RunScheduler Scheduler { get; set; } = null!;
    [Inject] private ChangePermission Permission { get; set; } = null!;
    [Inject] private BlobStore Blobs { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    private CatalogRun? run;
    private bool notFound;
    private int? queuePosition;
    private RunProgress progress = RunProgress.Empty;
    private List<PerImageResult> perImage = [];
    private RunResult result = RunResult.Empty;
    private string logTail = "";
    private bool resumeRefused;
    private IDisposable? subscription;
    private readonly SemaphoreSlim loading = new(1, 1);

    private StepChart lossChart = StepChart.Fitted("loss", []);
    private StepChart diceChart = StepChart.UnitInterval("validation Dice", []);

    protected override Task OnParametersSetAsync() => LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
            subscription = Notifier.Subscribe(runId => runId == Id ? InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }) : Task.CompletedTask);
    }

    private async Task LoadAsync()
    {
        // Notifications can arrive while a load is under way; loads take turns so the last one shows the newest state.
        await loading.WaitAsync();
        try
        {
            await using var db = await CatalogFactory.CreateDbContextAsync();
            run = await db.Runs.AsNoTracking().Include(r => r.Dataset).Include(r => r.Model).ThenInclude(m => m!.OriginRun).SingleOrDefaultAsync(r => r.Id == Id);
            notFound = run is null;
            if (run is null)
                return;
            queuePosition = run.Status == RunStatus.Queued
                ? await db.Runs.CountAsync(r => r.Status == RunStatus.Queued && ((r.QueuedAt ?? r.CreatedAt) < (run.QueuedAt ?? run.CreatedAt)
                    || ((r.QueuedAt ?? r.CreatedAt) == (run.QueuedAt ?? run.CreatedAt) && r.Id < run.Id))) + 1
                : null;
            var directory = new RunDirectory(Blobs.GetFullPath(run.RunDirectory));
            progress = ProgressStore.Get(run.Id, directory);
            BuildCharts();
            logTail = ReadLogTail(directory.LogFile);
            if (run.Status is not (RunStatus.Queued or RunStatus.Running))
            {
                perImage = await db.PerImageResults.AsNoTracking().Where(p => p.RunId == run.Id).OrderBy(p => p.SampleStem).ToListAsync();
                result = RunResult.Parse(run.ResultSummaryJson);
            }
        }
        finally
        {
            loading.Release();
        }
    }

    private void BuildCharts()
    {
        var denoiser = progress.DenoiserLoss.Count > 0;
        lossChart = StepChart.Fitted(denoiser ? "denoiser loss" : "first-stage loss", denoiser ? progress.DenoiserLoss : progress.FirstStageLoss);
        diceChart = StepChart.UnitInterval("validation Dice", progress.ValidationDice);
    }

    private static string ReadLogTail(string file)
    {
        if (!File.Exists(file))
            return "(no log yet)";
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        // The tail of a long log is all that is shown; reading only its last 64 KiB keeps a refresh cheap.
        stream.Seek(Math.Max(0, stream.Length - 65536), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        return string.Join('\n', lines.TakeLast(LogLines + 1)).TrimEnd();
    }

    private async Task CancelAsync()
    {
        await Permission.EnsureAllowedAsync("cancel runs");
        var confirmed = await Dialogs.ShowMessageBoxAsync("Cancel run?",
            run?.Status == RunStatus.Running
                ? "The run stops after saving a checkpoint; you can resume it later."
                : "The run is taken off the queue; you can resume it later.",
            yesText: "Cancel run", cancelText: "Keep running");
        if (confirmed == true)
        {
            await Scheduler.CancelAsync(Id);
            await LoadAsync();
        }
    }

    private async Task ResumeAsync()
    {
        await Permission.EnsureAllowedAsync("resume runs");
        resumeRefused = !await Scheduler.ResumeAsync(Id);
        await LoadAsync();
    }

    public void Dispose()
    {
        subscription?.Dispose();
        loading.Dispose();
    }
}
