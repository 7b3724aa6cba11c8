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

    public (IReadOnlyDictionary<string, double> Losses, double LearningRate) Step(Tensor images, Tensor masks)
    {
        var step = trainer.Step(images, masks);
        return (new Dictionary<string, double> { ["loss"] = step.Loss, ["loss_simple"] = step.LossSimple, ["loss_seg"] = step.LossSeg }, step.LearningRate);
    }

    public double ValidationDice(TrainingData validation, int batchSize, long seed, CancellationToken cancellation)
    {
        using var ema = trainer.UseEmaWeights();
        var segmenter = new SingleStepSegmenter(trainer.Model, trainer.Device, seed);
        return ValidationScorer.MeanDice(segmenter, validation, batchSize, trainer.Device, cancellation);
    }

    public void SaveModel(string path, IReadOnlyDictionary<string, string> metadata) => trainer.SaveModel(path, metadata);
    public void SaveState(string path) => trainer.SaveState(path);
    public void LoadState(string path) => trainer.LoadState(path);
    public void WriteConfig(string path) => OfficialConfigWriter.WriteFile(trainer.Model.Config, path);
    public void Dispose() => trainer.Dispose();
}
