using System.Text.Json.Serialization;

namespace SdSeg.Engine.Runs;

/// <summary>One line of <c>progress.jsonl</c>: where a run is, what its losses are, how fast it goes.</summary>
public sealed record ProgressEvent
{
    /// <summary>UTC time the event was written.</summary>
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>A phase name such as first-stage, denoiser, validation, predict, evaluate, done, failed, cancelled.</summary>
    public required string Phase { get; init; }
    public long Step { get; init; }
    public long? TotalSteps { get; init; }
    /// <summary>Loss terms by name (e.g. loss, loss_simple, loss_seg).</summary>
    public IReadOnlyDictionary<string, double>? Losses { get; init; }
    [JsonPropertyName("lr")]
    public double? LearningRate { get; init; }
    public double? ImagesPerSecond { get; init; }
    public double? EtaSeconds { get; init; }
    public double? ValidationDice { get; init; }
    /// <summary>Validation Dice of each prediction against another image's mask (the condition-shuffle ablation).</summary>
    public double? ShuffledValidationDice { get; init; }
    /// <summary>The constant (mean training) mask's validation Dice, the floor a model that ignores the image reaches.</summary>
    public double? ConstantMaskValidationDice { get; init; }
    public string? Message { get; init; }
}
