using System.Globalization;
using System.Text.Json;

namespace SdSeg.Workbench.Components.Shared;

/// <summary>How a model is named wherever a run that uses it is shown: by the configuration it was trained with and the run that trained it.</summary>
public static class ModelLabel
{
    /// <summary>"unet (run 2)" for weights trained by run 2 with the unet configuration; the catalog name for imported weights.</summary>
    /// <param name="name">The model's catalog name.</param>
    /// <param name="originRunId">The training run that produced the weights, if it is still in the catalog.</param>
    /// <param name="originSpecJson">That run's spec.json, whose <c>config</c> names the preset or configuration file.</param>
    public static string Of(string name, int? originRunId, string? originSpecJson)
    {
        if (originRunId is not { } runId)
            return name;
        var run = $"run {runId.ToString(CultureInfo.InvariantCulture)}";
        return ConfigOf(originSpecJson) is { } config ? $"{config} ({run})" : $"{name} ({run})";
    }

    /// <summary>"#4 Predict · unet (run 2)": a run with the model it applies or starts from.</summary>
    public static string Run(int id, object kind, string? model) =>
        model is null ? $"#{id.ToString(CultureInfo.InvariantCulture)} {kind}" : $"#{id.ToString(CultureInfo.InvariantCulture)} {kind} · {model}";

    // A preset is named as is; a configuration file by its name without folder or extension. A spec that cannot be read names nothing.
    private static string? ConfigOf(string? specJson)
    {
        if (specJson is null)
            return null;
        try
        {
            using var spec = JsonDocument.Parse(specJson);
            if (spec.RootElement.ValueKind != JsonValueKind.Object || !spec.RootElement.TryGetProperty("config", out var config)
                || config.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(config.GetString()))
                return null;
            var value = config.GetString()!.Trim();
            return value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                || value.Contains('/') || value.Contains('\\')
                ? Path.GetFileNameWithoutExtension(value.Replace('\\', '/'))
                : value;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
