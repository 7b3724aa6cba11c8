using System.Net;
using System.Text.RegularExpressions;
using SdSeg.Catalog.Models;
using SdSeg.Catalog.Runs;
using SdSeg.Engine.Runs;
using RunKind = SdSeg.Catalog.Runs.RunKind;
using SdSeg.Workbench.Tests.Datasets;

namespace SdSeg.Workbench.Tests.Runs;

/// <summary>The run page as a user first sees it (the prerendered HTML): charts, the model's name and the result card.</summary>
public sealed partial class RunPageTests : IAsyncLifetime
{
    // A predict run's result.json as the engine writes it (trimmed from a real Kvasir test-subset run).
    private const string PredictResult = """
        {
          "mode": "standard",
          "size": null,
          "imageCount": 60,
          "groundTruthEmptyCount": 0,
          "predictionEmptyCount": 2,
          "bothEmptyCount": 0,
          "resizedPredictionCount": 0,
          "predictionsWithoutGroundTruth": [],
          "groundTruthWithoutPrediction": [],
          "metrics": {
            "dice": { "count": 60, "nanCount": 0, "mean": 0.7683624801346779, "std": 0.2155453163352437, "median": 0.8283371426560191, "min": 0.118, "max": 0.986 },
            "iou": { "count": 60, "nanCount": 0, "mean": 0.6665313388582514, "std": 0.24753112571150876, "median": 0.7069790917589414, "min": 0.06, "max": 0.97 },
            "hd95": { "count": 60, "nanCount": 2, "mean": 96.6572864401253, "std": 76.67291153098734, "median": 81.58477024542267, "min": 5.38, "max": 271.75 },
            "hausdorff": { "count": 60, "nanCount": 2, "mean": null, "std": null, "median": null, "min": null, "max": null },
            "precision": { "count": 60, "nanCount": 0, "mean": 0.8156184294653656, "std": 0.25244147581777915, "median": 0.9575133431538634, "min": 0.06, "max": 1 },
            "recall": { "count": 60, "nanCount": 0, "mean": 0.8188877078342313, "std": 0.19768306422319812, "median": 0.9128368432250668, "min": 0.21, "max": 1 }
          },
          "emptyMaskConvention": "standard: prediction and ground truth both empty scores Dice = IoU = precision = recall = 1 and HD95 = Hausdorff = 0, and enters every mean as a perfect image. Exactly one of them empty scores Dice = IoU = precision = recall = 0 and enters those means; its HD95 and Hausdorff are undefined (NaN, an empty CSV field), left out of their mean/std/median/min/max and counted in the NaN count (nanCount in JSON).",
          "resolution": "ground-truth resolution"
        }
        """;

    private const string TrainResult = """
        { "status": "completed", "bestValidationDice": 0.8022114763413906, "bestStep": 1953, "denoiserSteps": 2339, "firstStageTrained": false,
          "denoiserSeconds": 1784.37, "imagesPerSecond": 10.49, "trainSamples": 210, "model": "model.safetensors" }
        """;

    private readonly DatasetTestFactory factory = new();
    private HttpClient client = null!;
    private int trainRun;
    private int predictRun;

    public async Task InitializeAsync()
    {
        client = factory.CreateClient();
        await using var db = factory.OpenCatalog();
        var train = new Run
        {
            Kind = RunKind.Train, Status = RunStatus.Succeeded, RunDirectory = "runs/train", CreatedAt = DateTime.UtcNow, ResultSummaryJson = TrainResult,
            SpecJson = """{"kind":"Train","config":"unet","seed":0}""",
        };
        db.Runs.Add(train);
        await db.SaveChangesAsync();
        var model = new ModelEntry { Name = $"run {train.Id} model", Config = "model: {}", WeightsPath = "models/m.safetensors", OriginRunId = train.Id, CreatedAt = DateTime.UtcNow };
        db.Models.Add(model);
        await db.SaveChangesAsync();
        var predict = new Run
        {
            Kind = RunKind.Predict, Status = RunStatus.Succeeded, RunDirectory = "runs/predict", CreatedAt = DateTime.UtcNow, ModelId = model.Id,
            SpecJson = """{"kind":"Predict","subset":"test"}""", ResultSummaryJson = PredictResult,
        };
        db.Runs.Add(predict);
        await db.SaveChangesAsync();
        (trainRun, predictRun) = (train.Id, predict.Id);

        var directory = new RunDirectory(factory.Blobs.GetFullPath("runs/train"));
        Directory.CreateDirectory(directory.Path);
        for (var step = 1; step <= 40; step++)
            directory.AppendProgress(new ProgressEvent { Phase = "denoiser", Step = step, TotalSteps = 40, Losses = new Dictionary<string, double> { ["loss"] = 0.30 - step * 0.005 } });
        // One validation, reported twice around a resume: the trial's "14, 20, 20" labels.
        directory.AppendProgress(new ProgressEvent { Phase = "validation", Step = 20, TotalSteps = 40, ValidationDice = 0.41 });
        directory.AppendProgress(new ProgressEvent { Phase = "validation", Step = 20, TotalSteps = 40, ValidationDice = 0.42 });
    }

    [Fact]
    public async Task Dice_chart_runs_from_0_to_1_and_shows_a_single_validation_once_as_a_marker()
    {
        var chart = Section(await client.GetStringAsync($"/runs/{trainRun}"), "dice-chart");

        Assert.Equal(["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0", "20"], Texts(chart));
        Assert.Contains("mud-chart-point", chart);
    }

    [Fact]
    public async Task Loss_chart_axis_fits_the_losses_and_labels_a_few_distinct_steps()
    {
        var texts = Texts(Section(await client.GetStringAsync($"/runs/{trainRun}"), "loss-chart"));

        var axis = texts.TakeWhile(t => t.Contains('.')).Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(axis.Count, 3, 10);
        Assert.InRange(axis[^1], 0.295, 0.4);
        Assert.InRange(axis[0], 0.0, 0.1);
        var steps = texts.Skip(axis.Count).Where(t => t.Length > 0).ToList();
        Assert.Equal(steps.Distinct(), steps);
        Assert.InRange(steps.Count, 2, SdSeg.Workbench.Components.Shared.StepChart.MaxLabels);
        Assert.Equal("40", steps[^1]);
    }

    [Fact]
    public async Task Predict_run_names_its_model_by_configuration_and_training_run()
    {
        var page = await client.GetStringAsync($"/runs/{predictRun}");
        var list = await client.GetStringAsync("/runs");

        Assert.Contains($"Predict on no dataset with unet (run {trainRun})", page);
        Assert.DoesNotContain($"run {trainRun} model", page);
        Assert.Contains($"unet (run {trainRun})", list);
        Assert.DoesNotContain($"run {trainRun} model", list);
    }

    [Fact]
    public async Task Predict_result_shows_the_metrics_as_a_table_and_the_counts_with_readable_names()
    {
        var card = Section(await client.GetStringAsync($"/runs/{predictRun}"), "result-summary");
        var text = Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(card, "<[^>]+>", " ")), @"\s+", " ");

        Assert.Contains("Metric Mean Median Std Undefined", text);
        Assert.Contains("Dice 0.7684 0.8283 0.2155 0", text);
        Assert.Contains("HD95 (px) 96.66 81.58 76.67 2", text);
        Assert.Contains("Hausdorff (px) — — — 2", text);
        Assert.Contains("Empty ground-truth masks 0", text);
        Assert.Contains("Empty predictions 2", text);
        Assert.Contains("Images scored 60", text);
        Assert.DoesNotContain("groundTruthEmptyCount", text);
        Assert.DoesNotContain("Ground truths without a prediction", text);
        Assert.Contains("Empty masks: both empty counts as a perfect image", text);
        // The engine's full convention paragraph is kept for hovering, not printed.
        Assert.DoesNotContain("nanCount in JSON", text);
        Assert.Contains("nanCount in JSON", card);
    }

    [Fact]
    public async Task Train_result_shows_readable_names_and_durations()
    {
        var card = Section(await client.GetStringAsync($"/runs/{trainRun}"), "result-summary");
        var text = Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(card, "<[^>]+>", " ")), @"\s+", " ");

        Assert.Contains("Best validation Dice 0.8022", text);
        Assert.Contains("Denoiser time 29m 44s", text);
        Assert.Contains("First stage trained no", text);
        Assert.DoesNotContain("bestValidationDice", text);
        Assert.DoesNotContain("result-metrics", card);
    }

    // From the element with the test id to the end of its enclosing paper: enough for a chart or card, and nothing of the next one.
    private static string Section(string html, string testId)
    {
        var start = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {testId} on the page");
        var next = html.IndexOf("mud-paper-outlined", html.IndexOf('>', start), StringComparison.Ordinal);
        return next < 0 ? html[start..] : html[start..next];
    }

    private static List<string> Texts(string svg) => SvgText().Matches(svg).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).ToList();

    [GeneratedRegex("<text[^>]*>([^<]*)</text>")]
    private static partial Regex SvgText();

    public Task DisposeAsync()
    {
        client.Dispose();
        factory.Dispose();
        return Task.CompletedTask;
    }
}
