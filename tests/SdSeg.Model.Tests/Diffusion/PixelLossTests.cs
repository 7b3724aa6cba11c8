using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Networks;
using SdSeg.Model.Tests.Training;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Diffusion;

public class PixelLossTests
{
    [Fact]
    public void The_pixel_term_joins_the_official_terms_and_trains_the_condition_encoder_through_the_frozen_decoder()
    {
        using var scope = NewDisposeScope();
        var config = ConfigSource.Load("tiny") with { PixelLossWeight = 2.0 };
        random.manual_seed(4);
        using var model = new SdSegModel(config);
        // The official zero-initialised output convolution would stop every gradient before the condition: give it weights.
        using (no_grad())
            model.Model.named_parameters().Single(p => p.name.EndsWith("out.2.weight", StringComparison.Ordinal)).parameter.normal_(0, 0.05);
        var (images, masks) = SyntheticPairs.Make(3, config.PixelSize);
        using var generator = new Generator(9);
        var z0 = model.EncodeFirstStage(masks, generator);
        var t = full([3], 999L, int64);
        var noise = randn(z0.shape, generator: generator);
        var targets = masks.narrow(1, 0, 1).add(1.0).div(2.0);

        var loss = new SdSegObjective(model.Schedule, config).Compute(model.ApplyModel, z0, model.GetLearnedConditioning(images), t, noise,
            new PixelLossTarget(model.DecodeFirstStageWithGradient, targets));
        loss.Total.backward();

        Assert.NotNull(loss.Pixel);
        Assert.Equal(loss.Simple.item<float>() + loss.Seg.item<float>() + 2.0 * loss.Pixel!.item<float>(), loss.Total.item<float>(), 1e-3);
        Assert.True(model.CondStageModel.parameters().Any(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0), "the condition encoder gets a gradient");
        Assert.All(model.FirstStageModel.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void The_official_objective_has_no_pixel_term_and_a_recipe_without_its_target_is_refused()
    {
        using var scope = NewDisposeScope();
        var tiny = ConfigSource.Load("tiny");
        random.manual_seed(4);
        using var model = new SdSegModel(tiny);
        var (images, masks) = SyntheticPairs.Make(2, tiny.PixelSize);
        var z0 = model.EncodeFirstStage(masks);
        var t = full([2], 500L, int64);
        var noise = randn(z0.shape);
        var c = model.GetLearnedConditioning(images);

        Assert.Null(new SdSegObjective(model.Schedule, tiny).Compute(model.ApplyModel, z0, c, t, noise).Pixel);
        Assert.Throws<ArgumentNullException>(() => new SdSegObjective(model.Schedule, tiny with { PixelLossWeight = 1 }).Compute(model.ApplyModel, z0, c, t, noise));
    }
}
