using System.Text.Json.Serialization;

namespace SdSeg.Engine.Runs;

/// <summary>
/// What a run is asked to do: the <c>spec.json</c> the workbench (or <c>sdseg train</c>) writes into a run directory
/// and <c>sdseg run</c> executes. Paths are absolute or relative to the run directory.
/// </summary>
public sealed record RunSpec
{
    [JsonConverter(typeof(JsonStringEnumConverter<RunKind>))]
    public required RunKind Kind { get; init; }
    /// <summary>A preset name (official, small, tiny, unet) or a path to an official-format YAML.</summary>
    public string? Config { get; init; }
    /// <summary>Weights file, or a run directory whose trained model is used.</summary>
    public string? Model { get; init; }
    /// <summary>
    /// Train: true trains the first stage on this dataset's masks instead of using the shipped mask autoencoder (ignored when
    /// <see cref="Model"/> gives pretrained first-stage weights, and for configurations the shipped one does not fit, which always train).
    /// </summary>
    public bool TrainFirstStage { get; init; }
    /// <summary>Dataset folder or zip (train), input image or folder (predict).</summary>
    public string? Data { get; init; }
    /// <summary>Predicted masks folder (evaluate).</summary>
    public string? Predictions { get; init; }
    /// <summary>Ground-truth masks folder (evaluate).</summary>
    public string? GroundTruth { get; init; }
    /// <summary>A split file to use instead of a seeded split.</summary>
    public string? SplitFile { get; init; }
    /// <summary>Train, validation and test proportions of a seeded split (e.g. [0.7, 0.1, 0.2]); null means 0.8/0.1/0.1.</summary>
    public IReadOnlyList<double>? SplitProportions { get; init; }
    /// <summary>Which split subset a predict run reads (train, validation, test); null means every input.</summary>
    public string? Subset { get; init; }
    public int Seed { get; init; }
    public int? Steps { get; init; }
    public TimeSpan? TimeBudget { get; init; }
    public int? BatchSize { get; init; }
    public string Device { get; init; } = "auto";
    public int SamplingSteps { get; init; } = 1;
    public int Samples { get; init; } = 1;
}
