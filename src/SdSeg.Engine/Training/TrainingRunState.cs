using System.Text.Json;

namespace SdSeg.Engine.Training;

/// <summary>
/// <c>checkpoints/training-state.json</c>: what a resume needs beyond the trainer's own state file: the settings only
/// <c>sdseg train</c> knows, the best validation Dice so far, and the time already spent per phase.
/// </summary>
public sealed record TrainingRunState
{
    public const string FileName = "training-state.json";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public int? ValidateEvery { get; init; }
    public int BatchSize { get; init; }
    public bool FirstStageDone { get; init; }
    public bool FirstStageTrained { get; init; }
    public long FirstStageSteps { get; init; }
    public long DenoiserSteps { get; init; }
    public double? BestValidationDice { get; init; }
    public long? BestStep { get; init; }
    /// <summary>Dataset import, split and decoding, summed over every attempt (a resume decodes again).</summary>
    public double SetupSeconds { get; init; }
    public double FirstStageSeconds { get; init; }
    /// <summary>Training steps only; validation and checkpoint writing are in <see cref="ValidationSeconds"/>.</summary>
    public double DenoiserSeconds { get; init; }
    /// <summary>Validation passes and the checkpoints written with them.</summary>
    public double ValidationSeconds { get; init; }
    public long ImagesSeen { get; init; }
    /// <summary>Where the first stage came from (see <see cref="FirstStageSources"/>).</summary>
    public string? FirstStageSource { get; init; }
    /// <summary>Mean Dice of the first stage's reconstructions of the validation masks: the ceiling of the denoiser.</summary>
    public double? FirstStageReconstructionDice { get; init; }
    /// <summary>The constant (mean training) mask's Dice on the validation subset: what a model that ignores the image scores.</summary>
    public double? ConstantMaskValidationDice { get; init; }
    /// <summary>Validation Dice with each image given another image's condition, at the best step (SDSeg only).</summary>
    public double? BestShuffledConditionDice { get; init; }

    /// <summary>All time counted against a time budget: every phase of every attempt, setup included.</summary>
    public double ElapsedSeconds => SetupSeconds + FirstStageSeconds + DenoiserSeconds + ValidationSeconds;

    public static TrainingRunState? Read(string checkpointsFolder)
    {
        var file = Path.Combine(checkpointsFolder, FileName);
        if (!File.Exists(file))
            return null;
        try
        {
            return JsonSerializer.Deserialize<TrainingRunState>(File.ReadAllText(file), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{file}' is not a valid training state: {e.Message}", e);
        }
    }

    public void Write(string checkpointsFolder)
    {
        Directory.CreateDirectory(checkpointsFolder);
        var file = Path.Combine(checkpointsFolder, FileName);
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(file + ".tmp", file, overwrite: true);
    }
}
