using SdSeg.Model.Baseline;
using static TorchSharp.torch;

namespace SdSeg.Engine.Training;

/// <summary>The baseline U-Net's trainer (Dice + BCE) as the pipeline drives it.</summary>
public sealed class UNet2dModelTrainer(UNet2dTrainer trainer) : IModelTrainer
{
    public string Phase => "unet";
    public long StepCount => trainer.StepCount;

    public (IReadOnlyDictionary<string, double> Losses, double LearningRate) Step(Tensor images, Tensor masks, double budgetProgress)
    {
        var step = trainer.Step(images, masks);
        return (new Dictionary<string, double> { ["loss"] = step.Loss, ["bce"] = step.Bce, ["dice"] = step.Dice }, step.LearningRate);
    }

    public ValidationScores Validate(TrainingData validation, int batchSize, long seed, CancellationToken cancellation) =>
        ValidationScorer.Score(new UNet2dSegmenter(trainer.Model, trainer.Device), validation, batchSize, trainer.Device, cancellation);

    public void SaveModel(string path, IReadOnlyDictionary<string, string> metadata) => trainer.SaveModel(path, metadata);
    public void SaveState(string path) => trainer.SaveState(path);
    public void LoadState(string path) => trainer.LoadState(path);
    public void WriteConfig(string path) => File.WriteAllText(path, UNet2dConfigYaml.Write(trainer.Model.Config));
    public void Dispose() => trainer.Dispose();
}
