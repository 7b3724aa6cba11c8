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
    private List<(string Name, string Value)> resultRows = [];
    private string logTail = "";
    private IDisposable? subscription;
    private readonly SemaphoreSlim loading = new(1, 1);

    private List<ChartSeries<double>> LossSeries { get; set; } = [];
    private string[] LossLabels { get; set; } = [];
    private List<ChartSeries<double>> DiceSeries { get; set; } = [];
    private string[] DiceLabels { get; set; } = [];

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
            run = await db.Runs.AsNoTracking().Include(r => r.Dataset).Include(r => r.Model).SingleOrDefaultAsync(r => r.Id == Id);
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
                resultRows = ResultRows(run.ResultSummaryJson);
            }
        }
        finally
        {
            loading.Release();
        }
    }

    private void BuildCharts()
    {
        var loss = progress.DenoiserLoss.Count > 0 ? progress.DenoiserLoss : progress.FirstStageLoss;
        LossSeries = [new ChartSeries<double> { Name = progress.DenoiserLoss.Count > 0 ? "denoiser loss" : "first-stage loss", Data = new ChartData<double>(loss.Select(p => p.Value).ToList()) }];
        LossLabels = Labels(loss);
        DiceSeries = [new ChartSeries<double> { Name = "validation Dice", Data = new ChartData<double>(progress.ValidationDice.Select(p => p.Value).ToList()) }];
        DiceLabels = Labels(progress.ValidationDice);
    }

    // Only a handful of step labels, so the axis stays readable.
    private static string[] Labels(IReadOnlyList<ChartPoint> points)
    {
        int every = Math.Max(1, points.Count / 8);
        return points.Select((p, i) => i % every == 0 || i == points.Count - 1 ? p.Step.ToString(CultureInfo.InvariantCulture) : "").ToArray();
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

    private static List<(string, string)> ResultRows(string? json)
    {
        if (json is null)
            return [];
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind != JsonValueKind.Object ? [] : document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)
                .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.Number ? FormatNumber(p.Value.GetDouble()) : p.Value.ToString()))
                .ToList();
        }
        catch (JsonException)
        {
            return [("result.json", "not readable JSON")];
        }
    }

    private static string FormatNumber(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-12 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("G6", CultureInfo.InvariantCulture);

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
        await Scheduler.ResumeAsync(Id);
        await LoadAsync();
    }

    public void Dispose()
    {
        subscription?.Dispose();
        loading.Dispose();
    }
}
