using SdSeg.Engine.Runs;
using static TorchSharp.torch;

namespace SdSeg.Engine.Training;

/// <summary>
/// What the training loop needs from a model's trainer, so SDSeg and the baseline U-Net run through the same pipeline:
/// steps, validation, checkpoints, resume and the final model files.
/// </summary>
public interface IModelTrainer : IDisposable
{
    /// <summary>The progress phase of the main training loop ("denoiser" for SDSeg, "unet" for the baseline).</summary>
    string Phase { get; }
    long StepCount { get; }
    /// <summary>
    /// One optimisation step on images [B,3,P,P] in [−1,1] and masks [B,3,P,P] in {−1,+1}, <paramref name="budgetProgress"/>
    /// of the run's budget (0 to 1) spent: loss terms and the learning rate.
    /// </summary>
    (IReadOnlyDictionary<string, double> Losses, double LearningRate) Step(Tensor images, Tensor masks, double budgetProgress);
    /// <summary>Mean Dice on the validation data (and with shuffled pairs), with the weights the model predicts with (EMA for SDSeg).</summary>
    ValidationScores Validate(TrainingData validation, int batchSize, long seed, CancellationToken cancellation);
    /// <summary>The model file (no optimiser state).</summary>
    void SaveModel(string path, IReadOnlyDictionary<string, string> metadata);
    void SaveState(string path);
    void LoadState(string path);
    /// <summary>Writes the model's configuration (config.yaml of the run).</summary>
    void WriteConfig(string path);
}
