using SdSeg.Model.Diffusion;
using SdSeg.Model.Networks;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Networks;

public class SdSegModelTests
{
    [Fact]
    public void Registers_schedule_buffers_and_scale_factor_at_the_root()
    {
        var model = new SdSegModel(TinyConfigs.SdSeg);
        var sd = model.state_dict();
        foreach (string name in NoiseSchedule.BufferNames)
            Assert.Equal(new long[] { 1000 }, sd[name].shape);
        Assert.Empty(sd["scale_factor"].shape);
        Assert.Equal(1.0, model.ScaleFactor);
        var prefixes = sd.Keys.Where(k => k.Contains('.')).Select(k => k[..k.IndexOf('.')]).ToHashSet();
        Assert.Equal(new[] { "cond_stage_model", "first_stage_model", "model" }, prefixes.Order().ToArray());
        Assert.Contains("model.diffusion_model.input_blocks.0.0.weight", sd.Keys);
    }

    [Fact]
    public void Freezes_the_first_stage_and_trains_unet_and_condition_encoder()
    {
        var model = new SdSegModel(TinyConfigs.SdSeg);
        model.train();
        Assert.False(model.FirstStageModel.training);
        Assert.True(model.CondStageModel.training);
        Assert.True(model.Model.training);
        Assert.All(model.FirstStageModel.parameters(), p => Assert.False(p.requires_grad));
        long trainable = model.TrainableParameters().Sum(p => p.numel());
        long expected = model.Model.parameters().Sum(p => p.numel()) + model.CondStageModel.parameters().Sum(p => p.numel());
        Assert.Equal(expected, trainable);
        Assert.All(model.TrainableParameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Runs_a_single_step_prediction_end_to_end()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var model = new SdSegModel(TinyConfigs.SdSeg);
        model.eval();
        model.ScaleFactor = 0.5;
        using var _ = no_grad();
        var image = rand(1, 3, 64, 64) * 2 - 1;
        var c = model.GetLearnedConditioning(image);
        Assert.Equal(new long[] { 1, 4, 32, 32 }, c.shape);

        var noise = randn(1, 4, 32, 32);
        var t = tensor(new long[] { 999 });
        var eps = model.ApplyModel(noise, t, c);
        var z0 = model.Schedule.PredictStartFromNoise(noise, t, eps);
        // A fresh UNet predicts zero noise, so z0 is sqrt(1/a_999) * noise.
        Assert.True(z0.allclose(noise * 38.671913f, 1e-5, 1e-4));
        Assert.Equal(new long[] { 1, 3, 64, 64 }, model.DecodeFirstStage(z0).shape);

        var latent = model.EncodeFirstStage(image, new Generator(1));
        var unscaled = model.FirstStageModel.Encode(image).Sample(new Generator(1));
        Assert.True(latent.allclose(unscaled * 0.5f, 1e-6, 1e-6));
    }

    [Fact]
    public void Diffusion_wrapper_concatenates_the_condition_after_the_noisy_latent()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var wrapper = new DiffusionWrapper(TinyConfigs.UNet);
        using (no_grad())
            foreach (var p in wrapper.parameters())
                p.normal_(0, 0.05);
        wrapper.eval();
        var zt = randn(1, 4, 8, 8);
        var c = randn(1, 4, 8, 8);
        var t = tensor(new long[] { 10 });
        using var _ = no_grad();
        Assert.True(wrapper.call(zt, t, c).equal(wrapper.DiffusionModel.call(cat([zt, c], 1), t)).all().item<bool>());
        Assert.False(wrapper.call(zt, t, c).allclose(wrapper.call(c, t, zt)));
        var ex = Assert.Throws<ArgumentException>(() => wrapper.call(zt, t, randn(1, 3, 8, 8)));
        Assert.Contains("give 7", ex.Message);
    }

    [Fact]
    public void Rejects_a_configuration_whose_channels_do_not_fit_together()
    {
        var config = TinyConfigs.SdSeg with { UNet = TinyConfigs.UNet with { InChannels = 4 } };
        var ex = Assert.Throws<ArgumentException>(() => new SdSegModel(config));
        Assert.Contains("in_channels (4)", ex.Message);
        Assert.Throws<NotSupportedException>(() => new SdSegModel(TinyConfigs.SdSeg with { ConditioningKey = "crossattn" }));
    }
}
