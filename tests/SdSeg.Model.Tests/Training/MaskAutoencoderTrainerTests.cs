using SdSeg.Model.Tests.Checkpoints;
using SdSeg.Model.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Training;

public class MaskAutoencoderTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Reconstruction_error_falls_when_overfitting_a_few_masks()
    {
        using var scope = NewDisposeScope();
        var (_, masks) = SyntheticPairs.Make(4, TrainingFixtures.Tiny.PixelSize);
        using var model = TrainingFixtures.TinyModel();
        using var trainer = new MaskAutoencoderTrainer(model.FirstStageModel, CPU, new MaskAutoencoderOptions { Seed = 3 });
        var initial = trainer.Reconstruction(masks);
        double initialError = trainer.ReconstructionError(masks);
        var results = Enumerable.Range(0, 25).Select(_ => trainer.Step(masks)).ToList();
        var final = trainer.Reconstruction(masks);
        double finalError = trainer.ReconstructionError(masks);
        output.WriteLine($"L1 {results[0].Reconstruction:F4} -> {results[^1].Reconstruction:F4}; eval {initialError:F4} -> {finalError:F4}; Dice {initial.Dice:F4} -> {final.Dice:F4}; KL {results[^1].Kl:F1}");

        Assert.True(model.FirstStageModel.training);
        Assert.All(model.FirstStageModel.parameters(), p => Assert.True(p.requires_grad));
        Assert.True(results[^1].Reconstruction < 0.4 * results[0].Reconstruction, $"Training L1 fell only from {results[0].Reconstruction:F4} to {results[^1].Reconstruction:F4}.");
        Assert.True(finalError < 0.4 * initialError, $"Eval L1 fell only from {initialError:F4} to {finalError:F4}.");
        Assert.All(results, r => Assert.Equal(r.Reconstruction + r.Kl * 1e-6 / (3 * 32 * 32), r.Loss, 1e-5));
        Assert.Equal(initialError, initial.L1, 1e-6);
        Assert.True(final.Dice > 0.9 && final.Dice > initial.Dice, $"Reconstruction Dice went from {initial.Dice:F4} to {final.Dice:F4}.");
    }

    [Fact]
    public void The_trained_encoder_initialises_the_condition_encoder_and_finish_freezes_the_first_stage()
    {
        using var scope = NewDisposeScope();
        var (_, masks) = SyntheticPairs.Make(2, TrainingFixtures.Tiny.PixelSize);
        using var model = TrainingFixtures.TinyModel();
        var condOut = TrainingFixtures.Snapshot(model.CondStageModel).Where(kv => kv.Key.StartsWith("out.", StringComparison.Ordinal)).ToList();
        using var trainer = new MaskAutoencoderTrainer(model.FirstStageModel, CPU, new MaskAutoencoderOptions());
        for (int i = 0; i < 2; i++)
            trainer.Step(masks);
        trainer.Finish();
        trainer.CopyEncoderTo(model.CondStageModel);

        var encoder = model.FirstStageModel.Encoder.state_dict();
        var copied = model.CondStageModel.Encoder.state_dict();
        Assert.Equal(encoder.Keys.Order(), copied.Keys.Order());
        Assert.All(copied, kv => Assert.True(kv.Value.BitEqual(encoder[kv.Key]), $"encoder {kv.Key} was not copied"));
        var condState = model.CondStageModel.state_dict();
        Assert.All(condOut, kv => Assert.True(condState[kv.Key].BitEqual(kv.Value), $"cond {kv.Key} should keep its own init"));
        Assert.True(model.FirstStageModel.IsFrozen);
        Assert.False(model.FirstStageModel.training);
        Assert.Throws<InvalidOperationException>(() => trainer.Step(masks));
    }

    [Fact]
    public void Resuming_the_autoencoder_training_continues_exactly()
    {
        using var scope = NewDisposeScope();
        var (_, masks) = SyntheticPairs.Make(2, TrainingFixtures.Tiny.PixelSize);
        using var state = new TempFile(".safetensors");
        using var straight = TrainingFixtures.TinyModel();
        using var straightTrainer = new MaskAutoencoderTrainer(straight.FirstStageModel, CPU, new MaskAutoencoderOptions());
        straightTrainer.Step(masks);
        straightTrainer.SaveState(state.Path);
        var expected = straightTrainer.Step(masks);

        using var resumed = TrainingFixtures.TinyModel(initSeed: 2);
        using var resumedTrainer = new MaskAutoencoderTrainer(resumed.FirstStageModel, CPU, new MaskAutoencoderOptions { Seed = 1 });
        resumedTrainer.LoadState(state.Path);
        Assert.Equal(expected, resumedTrainer.Step(masks));
        var weights = straight.FirstStageModel.state_dict();
        Assert.All(resumed.FirstStageModel.state_dict(), kv => Assert.True(kv.Value.BitEqual(weights[kv.Key]), $"{kv.Key} differs"));
    }

    [Fact]
    public void The_learning_rate_factor_scales_the_step_and_zero_leaves_the_weights_alone()
    {
        using var scope = NewDisposeScope();
        var (_, masks) = SyntheticPairs.Make(2, TrainingFixtures.Tiny.PixelSize);
        using var model = TrainingFixtures.TinyModel();
        using var trainer = new MaskAutoencoderTrainer(model.FirstStageModel, CPU, new MaskAutoencoderOptions { LearningRate = 2e-3 });
        var before = TrainingFixtures.Snapshot(model.FirstStageModel);

        Assert.Equal(0, trainer.Step(masks, learningRateFactor: 0).LearningRate);
        Assert.All(model.FirstStageModel.state_dict(), kv => Assert.True(kv.Value.BitEqual(before[kv.Key]), $"{kv.Key} moved at factor 0"));
        Assert.Equal(5e-4, trainer.Step(masks, learningRateFactor: 0.25).LearningRate, 1e-12);
        Assert.Contains(model.FirstStageModel.state_dict(), kv => !kv.Value.BitEqual(before[kv.Key]));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Step(masks, learningRateFactor: -1));
    }
}
