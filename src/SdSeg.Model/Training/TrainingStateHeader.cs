using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdSeg.Model.Training;

/// <summary>
/// The JSON a training state file carries in its safetensors metadata: which trainer wrote it, how many optimisation
/// steps were done, and the settings it ran with (for the record; a resume uses the resuming trainer's own settings).
/// </summary>
public sealed record TrainingStateHeader
{
    /// <summary>The safetensors metadata key that holds this header.</summary>
    public const string MetadataKey = "sdseg.training_state";

    /// <summary>The layout version written by this code.</summary>
    public const int CurrentFormat = 1;

    [JsonPropertyName("format")] public int Format { get; init; } = CurrentFormat;
    [JsonPropertyName("trainer")] public string Trainer { get; init; } = "";
    [JsonPropertyName("step")] public long Step { get; init; }
    [JsonPropertyName("has_ema")] public bool HasEma { get; init; }
    [JsonPropertyName("settings")] public Dictionary<string, string> Settings { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads the header from a state file's metadata, checking it was written by <paramref name="trainer"/>.</summary>
    public static TrainingStateHeader Read(IReadOnlyDictionary<string, string> metadata, string trainer, string path)
    {
        if (!metadata.TryGetValue(MetadataKey, out string? json))
            throw new InvalidDataException($"'{path}' is not a training state file: its metadata has no '{MetadataKey}' entry (a model file has no optimiser state to resume from).");
        TrainingStateHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<TrainingStateHeader>(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}': the training state header is not valid JSON ({ex.Message}).", ex);
        }
        if (header is null || header.Format != CurrentFormat)
            throw new InvalidDataException($"'{path}': training state format {header?.Format} is not supported (this build reads format {CurrentFormat}).");
        if (!string.Equals(header.Trainer, trainer, StringComparison.Ordinal))
            throw new InvalidDataException($"'{path}' holds the state of a {header.Trainer}, not of a {trainer}.");
        if (header.Step < 0)
            throw new InvalidDataException($"'{path}': the step count {header.Step} is negative.");
        return header;
    }
}
