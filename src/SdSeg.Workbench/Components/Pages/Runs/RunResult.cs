using System.Globalization;
using System.Text;
using System.Text.Json;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Components.Pages.Runs;

/// <summary>A run's result.json as the run page shows it: facts with readable names, the metric statistics as a table, and a short note on empty masks.</summary>
/// <param name="Facts">Readable name and value of each scalar (lists by their length; empty lists and nulls left out).</param>
/// <param name="Metrics">One row per metric of an evaluation, in the engine's order.</param>
/// <param name="EmptyMaskNote">A sentence on how empty masks were scored, or null when the result does not say.</param>
/// <param name="EmptyMaskConvention">The engine's full description of that convention.</param>
public sealed record RunResult(
    IReadOnlyList<(string Name, string Value)> Facts, IReadOnlyList<RunResultMetric> Metrics, string? EmptyMaskNote, string? EmptyMaskConvention)
{
    /// <summary>A result with nothing to show.</summary>
    public static RunResult Empty { get; } = new([], [], null, null);

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        // Training
        ["status"] = "Outcome",
        ["bestValidationDice"] = "Best validation Dice",
        ["bestStep"] = "Best at step",
        ["denoiserSteps"] = "Denoiser steps",
        ["firstStageSteps"] = "First-stage steps",
        ["firstStageTrained"] = "First stage trained",
        ["firstStageSeconds"] = "First-stage time",
        ["denoiserSeconds"] = "Denoiser time",
        ["validationSeconds"] = "Validation time",
        ["totalSeconds"] = "Total time",
        ["imagesPerSecond"] = "Images per second",
        ["batchSize"] = "Batch size",
        ["seed"] = "Seed",
        ["device"] = "Device",
        ["trainSamples"] = "Training images",
        ["validationSamples"] = "Validation images",
        ["testSamples"] = "Test images",
        ["model"] = "Weights file",
        // Evaluation (predict and evaluate runs)
        ["mode"] = "Scoring",
        ["size"] = "Scored at size (px)",
        ["resolution"] = "Scored at",
        ["imageCount"] = "Images scored",
        ["groundTruthEmptyCount"] = "Empty ground-truth masks",
        ["predictionEmptyCount"] = "Empty predictions",
        ["bothEmptyCount"] = "Both empty",
        ["resizedPredictionCount"] = "Predictions resized to the ground truth",
        ["predictionsWithoutGroundTruth"] = "Predictions without a ground truth",
        ["groundTruthWithoutPrediction"] = "Ground truths without a prediction",
    };

    private static readonly Dictionary<string, string> MetricNames = new(StringComparer.Ordinal)
    {
        ["dice"] = "Dice", ["iou"] = "IoU", ["hd95"] = "HD95 (px)", ["hausdorff"] = "Hausdorff (px)", ["precision"] = "Precision", ["recall"] = "Recall",
    };

    private static readonly HashSet<string> Distances = new(StringComparer.Ordinal) { "hd95", "hausdorff" };

    /// <summary>Reads a run's result.json; a result that is not a JSON object shows as one fact saying so.</summary>
    public static RunResult Parse(string? json)
    {
        if (json is null)
            return Empty;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new RunResult([("result.json", "not a JSON object")], [], null, null);
            var facts = new List<(string, string)>();
            var metrics = new List<RunResultMetric>();
            string? convention = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name == "emptyMaskConvention")
                    convention = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                else if (property.Name == "metrics" && property.Value.ValueKind == JsonValueKind.Object)
                    metrics.AddRange(property.Value.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object).Select(Metric));
                else if (Fact(property) is { } fact)
                    facts.Add(fact);
            }
            var mode = root.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return new RunResult(facts, metrics, convention is null ? null : Note(mode, convention), convention);
        }
        catch (JsonException)
        {
            return new RunResult([("result.json", "not readable JSON")], [], null, null);
        }
    }

    /// <summary>"groundTruthEmptyCount" → "Ground truth empty count", for keys the page has no name for.</summary>
    public static string Humanize(string key)
    {
        var words = new StringBuilder();
        foreach (var c in key)
        {
            if (char.IsUpper(c) && words.Length > 0)
                words.Append(' ');
            words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }
        return words.ToString();
    }

    private static (string, string)? Fact(JsonProperty property)
    {
        var name = Names.GetValueOrDefault(property.Name) ?? Humanize(property.Name);
        var value = property.Value;
        return value.ValueKind switch
        {
            JsonValueKind.Number when property.Name.EndsWith("Seconds", StringComparison.Ordinal) && property.Name != "imagesPerSecond"
                => (name, RunText.Seconds(value.GetDouble())),
            JsonValueKind.Number => (name, Number(value.GetDouble())),
            JsonValueKind.String => (name, value.GetString() ?? ""),
            JsonValueKind.True => (name, "yes"),
            JsonValueKind.False => (name, "no"),
            JsonValueKind.Array when value.GetArrayLength() > 0 => (name, value.GetArrayLength().ToString(CultureInfo.InvariantCulture)),
            _ => null,
        };
    }

    private static RunResultMetric Metric(JsonProperty metric)
    {
        var distance = Distances.Contains(metric.Name);
        string Statistic(string key) => metric.Value.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble().ToString(distance ? "F2" : "F4", CultureInfo.InvariantCulture)
            : "—";
        var undefined = metric.Value.TryGetProperty("nanCount", out var nan) && nan.ValueKind == JsonValueKind.Number ? nan.GetInt32() : 0;
        return new RunResultMetric(MetricNames.GetValueOrDefault(metric.Name) ?? Humanize(metric.Name), Statistic("mean"), Statistic("median"), Statistic("std"), undefined);
    }

    private static string Note(string? mode, string convention) => mode switch
    {
        "standard" => "Empty masks: both empty counts as a perfect image; exactly one empty scores 0 and leaves HD95 undefined, "
            + "so that image is left out of the HD95 statistics (the Undefined column).",
        "official" => "Dice and IoU are scored as the official SDSeg code does: an empty prediction scores Dice 0, a prediction on an empty "
            + "ground truth scores 1; the other metrics use the standard empty-mask rules.",
        // A convention this page does not know: its first sentence.
        _ => convention.Split(". ", 2)[0].TrimEnd('.') + ".",
    };

    private static string Number(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-12 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);
}
