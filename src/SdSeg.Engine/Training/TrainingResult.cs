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
    /// <summary>Where the first stage came from: shipped, imported, trained on this dataset (see <see cref="FirstStageSources"/>); null for the U-Net.</summary>
    public string? FirstStageSource { get; init; }
    /// <summary>Mean Dice of the first stage's reconstructions of the validation masks: the ceiling of the denoiser.</summary>
    public double? FirstStageReconstructionDice { get; init; }
    /// <summary>The constant (mean training) mask's Dice on the validation subset, the score of a model that ignores the image.</summary>
    public double? ConstantMaskValidationDice { get; init; }
    /// <summary>SDSeg's validation Dice at the best step when each image gets another image's condition: near the best Dice, the image is ignored.</summary>
    public double? BestShuffledConditionDice { get; init; }
    /// <summary>Dataset import, split and decoding (every attempt).</summary>
    public double SetupSeconds { get; init; }
    public double FirstStageSeconds { get; init; }
    /// <summary>Training steps only (validation and checkpoints excluded).</summary>
    public double DenoiserSeconds { get; init; }
    /// <summary>Validation passes and the checkpoints written with them.</summary>
    public double ValidationSeconds { get; init; }
    /// <summary>Setup + first stage + training + validation: the run's wall time (the sum of every attempt's).</summary>
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
