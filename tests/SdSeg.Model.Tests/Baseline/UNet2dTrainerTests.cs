using SdSeg.Model.Baseline;
using SdSeg.Model.Tests.Checkpoints;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Baseline;

public class UNet2dTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Tiny_unet_overfits_a_few_pairs()
    {
        var config = BaselineFixtures.Tiny;
        var (images, masks) = BaselineFixtures.Pairs(8);
        using var model = UNet2d.Create(config, seed: 5);
        using var trainer = new UNet2dTrainer(model, CPU, BaselineFixtures.Options(config));
        double diceBefore = BaselineFixtures.MeanDice(model, images, masks);
        var losses = new List<double>();
        for (int step = 0; step < 80; step++)
        {
            int start = step % 2 * 4;
            var result = trainer.Step(images.narrow(0, start, 4), masks.narrow(0, start, 4));
            Assert.Equal(step, result.Step);
            Assert.True(double.IsFinite(result.Loss), $"loss at step {step} is {result.Loss}");
            losses.Add(result.Loss);
        }
        double diceAfter = BaselineFixtures.MeanDice(model, images, masks);
        double first = losses.Take(4).Average(), last = losses.TakeLast(4).Average();
        output.WriteLine($"loss {first:F3} -> {last:F3}, Dice {diceBefore:F3} -> {diceAfter:F3}");
        Assert.True(last < 0.5 * first, $"loss fell only from {first:F3} to {last:F3}");
        Assert.True(diceBefore < 0.7 && diceAfter > 0.9, $"Dice on the training pairs went from {diceBefore:F3} to only {diceAfter:F3}");
        Assert.Equal(80, trainer.StepCount);
    }

    [Fact]
    public void Step_reports_its_terms_and_learning_rate_without_nan_at_step_0()
    {
        foreach (var norm in UNet2dConfig.Norms)
        {
            var config = BaselineFixtures.Tiny with { Norm = norm };
            var (images, masks) = BaselineFixtures.Pairs(4);
            using var model = UNet2d.Create(config, seed: 2);
            using var trainer = new UNet2dTrainer(model, CPU, BaselineFixtures.Options(config));
            var result = trainer.Step(images, masks.narrow(1, 0, 1));
            Assert.Equal(0, result.Step);
            Assert.Equal(config.LearningRate, result.LearningRate);
            Assert.True(double.IsFinite(result.Bce) && double.IsFinite(result.Dice), $"{norm}: bce {result.Bce}, dice {result.Dice}");
            Assert.Equal(result.Bce + result.Dice, result.Loss, 1e-5);
            Assert.InRange(result.Dice, 0, 1);
            Assert.All(model.parameters(), p => Assert.False(p.isnan().any().item<bool>()));
        }
    }

    [Fact]
    public void Same_seed_and_batches_give_bit_identical_training()
    {
        var config = BaselineFixtures.Tiny;
        var (images, masks) = BaselineFixtures.Pairs(4);
        (List<double> Losses, Dictionary<string, Tensor> Weights) Run(long seed)
        {
            using var model = UNet2d.Create(config, seed);
            using var trainer = new UNet2dTrainer(model, CPU, BaselineFixtures.Options(config));
            var losses = Enumerable.Range(0, 3).Select(_ => trainer.Step(images, masks).Loss).ToList();
            return (losses, BaselineFixtures.Snapshot(model));
        }
        var a = Run(9);
        var b = Run(9);
        var c = Run(10);
        Assert.Equal(a.Losses, b.Losses);
        Assert.All(a.Weights, kv => Assert.True(kv.Value.BitEqual(b.Weights[kv.Key]), kv.Key));
        Assert.NotEqual(a.Losses[0], c.Losses[0]);
    }

    [Fact]
    public void Resuming_from_a_saved_state_continues_bit_exactly()
    {
        var config = BaselineFixtures.Tiny with { Norm = "batch" };
        var (images, masks) = BaselineFixtures.Pairs(8);
        using var state = new TempFile(".safetensors");
        Tensor Batch(Tensor t, long step) => t.narrow(0, step % 2 * 4, 4);

        using var model = UNet2d.Create(config, seed: 4);
        using var trainer = new UNet2dTrainer(model, CPU, BaselineFixtures.Options(config));
        for (int i = 0; i < 3; i++)
            trainer.Step(Batch(images, trainer.StepCount), Batch(masks, trainer.StepCount));
        trainer.SaveState(state.Path);
        var straight = new List<double>();
        for (int i = 0; i < 2; i++)
            straight.Add(trainer.Step(Batch(images, trainer.StepCount), Batch(masks, trainer.StepCount)).Loss);

        using var fresh = UNet2d.Create(config, seed: 77);
        using var resumed = new UNet2dTrainer(fresh, CPU, BaselineFixtures.Options(config));
        resumed.LoadState(state.Path);
        Assert.Equal(3, resumed.StepCount);
        var again = new List<double>();
        for (int i = 0; i < 2; i++)
            again.Add(resumed.Step(Batch(images, resumed.StepCount), Batch(masks, resumed.StepCount)).Loss);

        Assert.Equal(straight, again);
        var expected = BaselineFixtures.Snapshot(model);
        Assert.All(BaselineFixtures.Snapshot(fresh), kv => Assert.True(kv.Value.BitEqual(expected[kv.Key]), kv.Key));
    }

    [Fact]
    public void A_state_of_another_shape_is_refused_and_changes_nothing()
    {
        using var state = new TempFile(".safetensors");
        using (var small = UNet2d.Create(BaselineFixtures.Tiny, seed: 1))
        using (var trainer = new UNet2dTrainer(small, CPU, BaselineFixtures.Options(BaselineFixtures.Tiny)))
            trainer.SaveState(state.Path);
        var wider = BaselineFixtures.Tiny with { BaseChannels = 16 };
        using var model = UNet2d.Create(wider, seed: 1);
        var before = BaselineFixtures.Snapshot(model);
        using var other = new UNet2dTrainer(model, CPU, BaselineFixtures.Options(wider));
        Assert.ThrowsAny<Exception>(() => other.LoadState(state.Path));
        Assert.Equal(0, other.StepCount);
        Assert.All(BaselineFixtures.Snapshot(model), kv => Assert.True(kv.Value.BitEqual(before[kv.Key]), kv.Key));
    }

    [Fact]
    public void Bad_batches_are_refused_with_what_was_expected()
    {
        var (images, masks) = BaselineFixtures.Pairs(2);
        using var model = UNet2d.Create(BaselineFixtures.Tiny, seed: 1);
        using var trainer = new UNet2dTrainer(model, CPU, BaselineFixtures.Options(BaselineFixtures.Tiny));
        var zeroOne = Assert.Throws<ArgumentException>(() => trainer.Step(images, (masks + 1) / 2));
        Assert.Contains("−1 and +1", zeroOne.Message);
        var size = Assert.Throws<ArgumentException>(() => trainer.Step(zeros(2, 3, 16, 16), masks));
        Assert.Contains("[B, 3, 32, 32]", size.Message);
        var range = Assert.Throws<ArgumentException>(() => trainer.Step(images * 255, masks));
        Assert.Contains("[−1, 1]", range.Message);
        Assert.Equal(0, trainer.StepCount);
    }

    [Fact]
    public void Segmenter_returns_sigmoid_soft_maps_and_their_threshold()
    {
        var (images, _) = BaselineFixtures.Pairs(3);
        using var model = UNet2d.Create(BaselineFixtures.Tiny, seed: 6);
        ISegmenter segmenter = new UNet2dSegmenter(model, CPU);
        Assert.Equal(32, segmenter.PixelSize);
        using var output = segmenter.Segment(images);
        Assert.Equal(new long[] { 3, 32, 32 }, output.Soft.shape);
        Assert.Equal(ScalarType.Bool, output.Mask.dtype);
        Assert.Null(output.StandardDeviation);
        using var logits = EvalLogits(model, images);
        Assert.True(output.Soft.allclose(sigmoid(logits).squeeze(1), rtol: 1e-5, atol: 1e-6));
        Assert.True(output.Mask.BitEqual(output.Soft.gt(0.5)));
        Assert.Throws<ArgumentException>(() => segmenter.Segment(zeros(1, 3, 16, 16)));
    }

    static Tensor EvalLogits(UNet2d model, Tensor images)
    {
        using var _ = no_grad();
        model.eval();
        return model.call(images);
    }
}
