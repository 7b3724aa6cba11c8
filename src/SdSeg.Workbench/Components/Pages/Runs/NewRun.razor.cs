using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Components.Pages.Runs;

/// <summary>The New run form: kind, configuration, dataset and split, budget and seed; validated by <see cref="RunLauncher"/>.</summary>
public partial class NewRun
{
    private const long MaxConfigBytes = SdSeg.Model.Configuration.YamlInputLimits.MaxCharacters;

    private readonly RunRequest request = new();
    private List<DatasetChoice>? datasets;
    private List<Choice> splits = [];
    private List<Choice> trainRuns = [];
    private List<Choice> predictRuns = [];
    private bool useTimeBudget;
    private double? timeBudgetMinutes = 10;
    private string? error;
    private string? errorField;
    private bool busy;

    protected override async Task OnInitializedAsync()
    {
        await using var db = await CatalogFactory.CreateDbContextAsync();
        datasets = await db.Datasets.AsNoTracking().OrderBy(d => d.Name).Select(d => new DatasetChoice(d.Id, d.Name, d.SampleCount)).ToListAsync();
        trainRuns = await FinishedRunsAsync(db, RunKind.Train);
        predictRuns = await FinishedRunsAsync(db, RunKind.Predict);
        if (datasets.Count > 0)
            await DatasetChanged(datasets[0].Id);
    }

    private static async Task<List<Choice>> FinishedRunsAsync(CatalogDbContext db, RunKind kind)
    {
        var runs = await db.Runs.AsNoTracking().Where(r => r.Kind == kind && r.Status == RunStatus.Succeeded)
            .OrderByDescending(r => r.Id).Select(r => new { r.Id, Dataset = r.Dataset == null ? null : r.Dataset.Name, r.FinishedAt }).ToListAsync();
        return runs.Select(r => new Choice(r.Id, $"Run {r.Id}{(r.Dataset is null ? "" : $" on {r.Dataset}")}, finished {r.FinishedAt:yyyy-MM-dd HH:mm}")).ToList();
    }

    private void KindChanged(RunKind kind)
    {
        request.Kind = kind;
        (error, errorField) = (null, null);
    }

    private async Task DatasetChanged(int? datasetId)
    {
        request.DatasetId = datasetId;
        await using var db = await CatalogFactory.CreateDbContextAsync();
        var rows = await db.Splits.AsNoTracking().Where(s => s.DatasetId == datasetId).OrderBy(s => s.CreatedAt).ToListAsync();
        splits = rows.Select(s => new Choice(s.Id,
            $"seed {s.Seed}: {s.TrainStems.Count} train / {s.ValidationStems.Count} validation / {s.TestStems.Count} test")).ToList();
        request.SplitId = splits.FirstOrDefault()?.Id;
    }

    private async Task ConfigChosenAsync(InputFileChangeEventArgs e)
    {
        error = null;
        if (e.File.Size > MaxConfigBytes)
        {
            error = $"{e.File.Name} is {e.File.Size / 1024} KiB; a configuration YAML is at most {MaxConfigBytes / 1024} KiB.";
            return;
        }
        using var reader = new StreamReader(e.File.OpenReadStream(MaxConfigBytes));
        request.ConfigYaml = await reader.ReadToEndAsync();
        request.ConfigFileName = e.File.Name;
    }

    private void ClearConfig()
    {
        request.ConfigYaml = null;
        request.ConfigFileName = null;
    }

    private async Task QueueAsync()
    {
        await Permission.EnsureAllowedAsync("launch runs");
        busy = true;
        (error, errorField) = (null, null);
        try
        {
            request.TimeBudgetMinutes = useTimeBudget ? timeBudgetMinutes ?? 0 : null;
            var id = await Launcher.QueueAsync(request);
            Navigation.NavigateTo($"runs/{id}");
        }
        catch (RunRequestException e)
        {
            (error, errorField) = (e.Message, e.Field);
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>The request fields that have their own control on the form for <paramref name="kind"/>; an error about one of them is
    /// shown under that control, any other in the alert below the form.</summary>
    public static IReadOnlySet<string> FieldsWithControl(RunKind kind, bool useTimeBudget) => kind switch
    {
        RunKind.Train => new HashSet<string>
        {
            RunRequestFields.Preset, RunRequestFields.DatasetId, RunRequestFields.SplitId,
            useTimeBudget ? RunRequestFields.TimeBudgetMinutes : RunRequestFields.Steps, RunRequestFields.BatchSize, RunRequestFields.Device,
        },
        RunKind.Predict => new HashSet<string>
        {
            RunRequestFields.ModelRunId, RunRequestFields.DatasetId, RunRequestFields.SplitId, RunRequestFields.Subset, RunRequestFields.Device,
        },
        _ => new HashSet<string> { RunRequestFields.PredictionsRunId, RunRequestFields.DatasetId, RunRequestFields.Device },
    };

    private bool ErrorAt(string field) => error is not null && errorField == field && FieldsWithControl(request.Kind, useTimeBudget).Contains(field);

    private string? ErrorTextAt(string field) => ErrorAt(field) ? error : null;

    private bool ErrorAtAField => errorField is not null && ErrorAt(errorField);

    private sealed record DatasetChoice(int Id, string Name, int SampleCount);

    private sealed record Choice(int Id, string Label);
}
