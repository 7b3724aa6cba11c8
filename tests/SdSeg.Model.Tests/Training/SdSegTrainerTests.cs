using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;
using SdSeg.Model.Tests.Checkpoints;
using SdSeg.Model.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Training;

public class SdSegTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Overfitting_four_pairs_lowers_the_loss_clearly()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = SyntheticPairs.Make(4, TrainingFixtures.Tiny.PixelSize);
        using var model = TrainingFixtures.TinyModel();
        // A faster rate than the preset's so that 40 steps on 4 pairs show the fall clearly.
        var options = TrainingFixtures.Options() with { BaseLearningRate = 5e-4, Schedule = new LambdaLinearSchedule(5, 1e-6, 1.0, 1.0) };
        using var trainer = new SdSegTrainer(model, CPU, options);
        var losses = new List<double> { trainer.Step(images, masks).Loss };
        double before = TrainingFixtures.ProbeLoss(model, images, masks);
        for (int i = 1; i < 40; i++)
            losses.Add(trainer.Step(images, masks).Loss);
        double after = TrainingFixtures.ProbeLoss(model, images, masks);
        double first = losses.Take(10).Average(), last = losses.TakeLast(10).Average();
        output.WriteLine($"probe {before:F4} -> {after:F4}; step loss first 10 {first:F4}, last 10 {last:F4}");

        Assert.All(losses, l => Assert.True(double.IsFinite(l)));
        Assert.True(after < 0.6 * before, $"The fixed-t probe loss fell only from {before:F4} to {after:F4}.");
        Assert.True(last < 0.6 * first, $"The mean step loss fell only from {first:F4} (first 10) to {last:F4} (last 10).");
    }

    [Fact]
    public void Scale_factor_is_one_over_the_std_of_the_first_batch_latents_and_then_stays()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = SyntheticPairs.Make(6, TrainingFixtures.Tiny.PixelSize);
        using var model = TrainingFixtures.TinyModel();
        // Widen the posterior means so that 1/std is far from the configured 1.0.
        using (no_grad())
            model.FirstStageModel.named_parameters().First(p => p.name == "quant_conv.weight").parameter.narrow(0, 0, 4).mul_(4);
        var options = TrainingFixtures.Options(seed: 11);

        double expected;
        using (var generator = new Generator((ulong)options.Seed))
        using (no_grad())
            expected = 1.0 / model.FirstStageModel.Encode(masks[..4]).Sample(generator).flatten().std().item<float>();

        using var trainer = new SdSegTrainer(model, CPU, options);
        Assert.Equal(1.0, model.ScaleFactor);
        trainer.Step(images[..4], masks[..4]);
        double afterFirst = model.ScaleFactor;
        trainer.Step(images[2..], masks[2..]);
        trainer.Step(images[..4], masks[..4]);

        Assert.True(Math.Abs(expected - 1.0) > 0.1, $"The probe should make 1/std differ from 1; it is {expected}.");
        Assert.Equal(expected, afterFirst, 1e-6);
        Assert.Equal(afterFirst, model.ScaleFactor);
    }

    [Fact]
    public void Only_the_unet_and_condition_encoder_train_and_the_ema_follows_the_official_decay()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = SyntheticPairs.Make(4, TrainingFixtures.Tiny.PixelSize);
        using var model = TrainingFixtures.TinyModel();
        var firstStage = TrainingFixtures.Snapshot(model.FirstStageModel);
        var unet = TrainingFixtures.Snapshot(model.Model);
        var cond = TrainingFixtures.Snapshot(model.CondStageModel);
        using var trainer = new SdSegTrainer(model, CPU, TrainingFixtures.Options());
        var ema = trainer.Ema!;
        const string Tracked = "diffusion_model.out.2.weight";
        var parameter = model.Model.named_parameters().First(p => p.name == Tracked).parameter;
        var expectedEma = parameter.detach().clone();
        var decays = new List<float>();
        for (int i = 0; i < 4; i++)
        {
            float decay = ema.NextDecay();
            decays.Add(decay);
            trainer.Step(images, masks);
            // LitEma: shadow -= (1 - decay) * (shadow - param), in float32.
            expectedEma.sub_((expectedEma - parameter.detach()).mul(1f - decay));
        }

        Assert.False(model.FirstStageModel.training);
        Assert.All(model.FirstStageModel.parameters(), p => Assert.False(p.requires_grad));
        Assert.All(TrainingFixtures.Snapshot(model.FirstStageModel), kv => Assert.True(kv.Value.BitEqual(firstStage[kv.Key]), $"first stage {kv.Key} changed"));
        Assert.True(model.Model.training && model.CondStageModel.training);

        int unetChanged = TrainingFixtures.Snapshot(model.Model).Count(kv => !kv.Value.BitEqual(unet[kv.Key]));
        int condChanged = TrainingFixtures.Snapshot(model.CondStageModel).Count(kv => !kv.Value.BitEqual(cond[kv.Key]));
        Assert.True(unetChanged > 0.9 * unet.Count, $"Only {unetChanged} of {unet.Count} UNet tensors changed.");
        Assert.True(condChanged > 0.9 * cond.Count, $"Only {condChanged} of {cond.Count} condition-encoder tensors changed.");

        Assert.Equal([2f / 11, 3f / 12, 4f / 13, 5f / 14], decays);
        Assert.Equal(4, ema.NumUpdates);
        Assert.All(ema.Names, n => Assert.StartsWith("diffusion_model.", n.Parameter));
        var shadow = ema.state_dict()[EmaWeights.ShadowName(Tracked)];
        Assert.True((shadow - expectedEma).abs().max().item<float>() < 1e-7f);
        Assert.True((shadow - parameter).abs().max().item<float>() > 1e-5f, "The EMA should lag the raw weights.");
    }

    [Fact]
    public void Learning_rate_is_batch_times_base_rate_and_warms_up_on_both_param_groups()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = SyntheticPairs.Make(2, TrainingFixtures.Tiny.PixelSize);
        var schedule = new LambdaLinearSchedule(WarmUpSteps: 3, FStart: 0.1, FMax: 1.0, FMin: 1.0);
        var options = TrainingFixtures.Options() with { BatchSize = 2, Schedule = schedule };
        using var model = TrainingFixtures.TinyModel();
        using var trainer = new SdSegTrainer(model, CPU, options);

        double lr = 2 * TrainingFixtures.Tiny.BaseLearningRate;
        Assert.Equal(lr, options.LearningRate, 1e-15);
        for (int step = 0; step < 5; step++)
        {
            double expected = lr * schedule.Factor(step);
            Assert.Equal([expected, expected], trainer.ParamGroupLearningRates);
            var result = trainer.Step(images, masks);
            Assert.Equal(step, result.Step);
            Assert.Equal(expected, result.LearningRate, 1e-15);
        }
        Assert.Equal([lr, lr], trainer.ParamGroupLearningRates);
    }

    [Fact]
    public void The_same_seed_and_data_give_identical_losses_and_another_seed_does_not()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = SyntheticPairs.Make(4, TrainingFixtures.Tiny.PixelSize);
        using var reference = TrainingFixtures.TinyModel();
        var weights = TrainingFixtures.Snapshot(reference);

        List<SdSegStepResult> Run(long seed)
        {
            using var model = TrainingFixtures.TinyModel(weights);
            using var trainer = new SdSegTrainer(model, CPU, TrainingFixtures.Options(seed));
            return Enumerable.Range(0, 3).Select(_ => trainer.Step(images, masks)).ToList();
        }

        var first = Run(3);
        var second = Run(3);
        var other = Run(4);
        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(r => r.Loss), other.Select(r => r.Loss));
    }

    [Fact]
    public void Bad_batches_are_refused_with_a_clear_message()
    {
        using var scope = NewDisposeScope();
        int size = TrainingFixtures.Tiny.PixelSize;
        var (images, masks) = SyntheticPairs.Make(2, size);
        using var model = TrainingFixtures.TinyModel();
        using var trainer = new SdSegTrainer(model, CPU, TrainingFixtures.Options());

        var zeroOne = Assert.Throws<ArgumentException>(() => trainer.Step(images, (masks + 1) / 2));
        Assert.Contains("−1 and +1", zeroOne.Message);
        var wrongSize = Assert.Throws<ArgumentException>(() => trainer.Step(zeros(2, 3, size * 2, size * 2), ones(2, 3, size * 2, size * 2)));
        Assert.Contains($"[B, 3, {size}, {size}]", wrongSize.Message);
        var bytes = Assert.Throws<ArgumentException>(() => trainer.Step(images * 127.5 + 127.5, masks));
        Assert.Contains("[−1, 1]", bytes.Message);
        Assert.Equal(0, trainer.StepCount);
    }
}
