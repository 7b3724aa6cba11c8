using SdSeg.Engine.Runs;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Engine.Training;
using Xunit.Abstractions;

namespace SdSeg.Engine.Tests.Training;

/// <summary>
/// The condition-shuffle ablation on a task where only the image tells where the mask is (shapes at random places): a model
/// that has learnt to segment loses most of its validation Dice when each prediction is scored against another image's
/// mask, and beats the constant mask by far. A model that ignores the image scores the same either way.
/// </summary>
public sealed class ConditionUseTests(ITestOutputHelper output) : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SDSeg_uses_the_image_on_shapes_at_random_places()
    {
        var data = ShapesDataset.Write(_temp.Path("shapes"), count: 60, size: 32, seed: 2);
        var run = new RunDirectory(_temp.Path("run"));
        var options = new TrainingOptions
        {
            Data = data,
            Config = "tiny",
            Steps = 160,
            BatchSize = 8,
            Seed = 0,
            Device = "cpu",
            ValidateEvery = 80,
            SplitProportions = new SdSeg.Engine.Datasets.SplitProportions(0.7, 0.3, 0.0),
        };

        var result = new TrainingPipeline(run, options).Run();
        output.WriteLine($"best validation Dice {result.BestValidationDice:F4}, shuffled {result.BestShuffledConditionDice:F4}, constant mask {result.ConstantMaskValidationDice:F4}");

        Assert.True(result.BestValidationDice - result.BestShuffledConditionDice >= 0.3,
            $"shuffling the pairs dropped the validation Dice only from {result.BestValidationDice:F3} to {result.BestShuffledConditionDice:F3}");
        Assert.True(result.BestValidationDice - result.ConstantMaskValidationDice >= 0.2,
            $"validation Dice {result.BestValidationDice:F3} against the constant mask's {result.ConstantMaskValidationDice:F3}");
    }
}
