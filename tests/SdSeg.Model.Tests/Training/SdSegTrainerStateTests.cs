using SdSeg.Model.Checkpoints;
using SdSeg.Model.Tests.Checkpoints;
using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Training;

public class SdSegTrainerStateTests
{
    /// <summary>
    /// Bit-exact: the state holds every input of the next steps exactly (float32 weights, AdamW moments and step counts,
    /// the EMA, both generator states, the step index), and CPU kernels on the same machine and thread count are
    /// deterministic, so the resumed run repeats the same arithmetic.
    /// </summary>
    [Fact]
    public void Resuming_from_a_saved_state_continues_exactly_as_training_straight_through()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = SyntheticPairs.Make(4, TrainingFixtures.Tiny.PixelSize);
        using var state = new TempFile(".safetensors");
        var options = TrainingFixtures.Options();

        using var straight = TrainingFixtures.TinyModel();
        using var straightTrainer = new SdSegTrainer(straight, CPU, options);
        for (int i = 0; i < 2; i++)
            straightTrainer.Step(images, masks);
        straightTrainer.SaveState(state.Path);
        var expected = Enumerable.Range(0, 2).Select(_ => straightTrainer.Step(images, masks)).ToList();

        using var resumed = TrainingFixtures.TinyModel(initSeed: 2); // other random weights: the state must replace them all
        using var resumedTrainer = new SdSegTrainer(resumed, CPU, options with { Seed = 999 });
        resumedTrainer.LoadState(state.Path);
        Assert.Equal(2, resumedTrainer.StepCount);
        var actual = Enumerable.Range(0, 2).Select(_ => resumedTrainer.Step(images, masks)).ToList();

        Assert.Equal(expected, actual);
        var straightWeights = straight.state_dict();
        Assert.All(resumed.state_dict(), kv => Assert.True(kv.Value.BitEqual(straightWeights[kv.Key]), $"{kv.Key} differs"));
        var straightEma = straightTrainer.Ema!.state_dict();
        Assert.All(resumedTrainer.Ema!.state_dict(), kv => Assert.True(kv.Value.BitEqual(straightEma[kv.Key]), $"EMA {kv.Key} differs"));
    }

    [Fact]
    public void The_model_file_has_no_optimiser_state_and_cannot_be_resumed_from()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = SyntheticPairs.Make(2, TrainingFixtures.Tiny.PixelSize);
        using var modelFile = new TempFile(".safetensors");
        using var model = TrainingFixtures.TinyModel();
        using var trainer = new SdSegTrainer(model, CPU, TrainingFixtures.Options() with { BatchSize = 2 });
        trainer.Step(images, masks);
        trainer.SaveModel(modelFile.Path);

        var keys = SafetensorsCheckpoint.Load(modelFile.Path).Keys.ToList();
        Assert.DoesNotContain(keys, k => k.StartsWith("optimizer_state.", StringComparison.Ordinal) || k.StartsWith("trainer_state.", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith(EmaWeights.CheckpointPrefix, StringComparison.Ordinal));
        using var loaded = SdSegModelFile.Load(modelFile.Path);
        Assert.Equal(model.ScaleFactor, loaded.Model.ScaleFactor);

        var error = Assert.Throws<InvalidDataException>(() => trainer.LoadState(modelFile.Path));
        Assert.Contains("not a training state file", error.Message);
    }
}
