using System.Text.Json;

namespace SdSeg.Engine.Training;

/// <summary>The <c>result.json</c> of a training run: how it ended, the best validation Dice, steps, time per phase and speed.</summary>
public sealed record TrainingResult
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>completed or cancelled.</summary>
    public required string Status { get; init; }
    public double? BestValidationDice { get; init; }
    public long? BestStep { get; init; }
    public long DenoiserSteps { get; init; }
    public long FirstStageSteps { get; init; }
    public bool FirstStageTrained { get; init; }
    public double FirstStageSeconds { get; init; }
    public double DenoiserSeconds { get; init; }
    public double ValidationSeconds { get; init; }
    public double TotalSeconds { get; init; }
    /// <summary>Denoiser training images per second (validation excluded).</summary>
    public double ImagesPerSecond { get; init; }
    public int BatchSize { get; init; }
    public long Seed { get; init; }
    public string Device { get; init; } = "";
    public int TrainSamples { get; init; }
    public int ValidationSamples { get; init; }
    public int TestSamples { get; init; }
    /// <summary>The model file (run-relative) written at the end; null for a cancelled run.</summary>
    public string? Model { get; init; }

    public void Write(string file)
    {
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(file + ".tmp", file, overwrite: true);
    }

    public static TrainingResult Read(string file) =>
        JsonSerializer.Deserialize<TrainingResult>(File.ReadAllText(file), Json) ?? throw new InvalidDataException($"{file} is empty.");
}
