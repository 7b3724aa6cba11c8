using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Engine.Training;

/// <summary>The SDSeg denoiser's trainer as the pipeline drives it; validation runs the official single step with EMA weights.</summary>
public sealed class SdSegModelTrainer(SdSegTrainer trainer) : IModelTrainer
{
    public string Phase => "denoiser";
    public long StepCount => trainer.StepCount;

    public (IReadOnlyDictionary<string, double> Losses, double LearningRate) Step(Tensor images, Tensor masks, double budgetProgress)
    {
        var step = trainer.Step(images, masks, budgetProgress);
        var losses = new Dictionary<string, double> { ["loss"] = step.Loss, ["loss_simple"] = step.LossSimple, ["loss_seg"] = step.LossSeg };
        if (step.LossPixel is { } pixel)
            losses["loss_pixel"] = pixel;
        return (losses, step.LearningRate);
    }

    public ValidationScores Validate(TrainingData validation, int batchSize, long seed, CancellationToken cancellation)
    {
        using var ema = trainer.UseEmaWeights();
        // A recipe that trains the single step with the inference noise of a seed is validated with that noise, as it will predict.
        var config = trainer.Model.Config;
        var segmenter = new SingleStepSegmenter(trainer.Model, trainer.Device, config.InferenceNoiseShare > 0 ? config.InferenceNoiseSeed : seed);
        return ValidationScorer.Score(segmenter, validation, batchSize, trainer.Device, cancellation);
    }

    public void SaveModel(string path, IReadOnlyDictionary<string, string> metadata) => trainer.SaveModel(path, metadata);
    public void SaveState(string path) => trainer.SaveState(path);
    public void LoadState(string path) => trainer.LoadState(path);
    public void WriteConfig(string path) => OfficialConfigWriter.WriteFile(trainer.Model.Config, path);
    public void Dispose() => trainer.Dispose();
}
