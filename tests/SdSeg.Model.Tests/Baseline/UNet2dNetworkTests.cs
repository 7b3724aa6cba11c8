using SdSeg.Model.Baseline;
using SdSeg.Model.Networks.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Baseline;

public class UNet2dNetworkTests
{
    [Theory]
    [InlineData("group", "nearest")]
    [InlineData("group", "transposed")]
    [InlineData("batch", "nearest")]
    [InlineData("batch", "transposed")]
    public void Forward_gives_one_logit_per_pixel(string norm, string upsample)
    {
        var config = BaselineFixtures.Tiny with { Norm = norm, Upsample = upsample };
        using var model = UNet2d.Create(config, seed: 1);
        using var images = rand(3, 3, 32, 32) * 2 - 1;
        using var logits = model.call(images);
        Assert.Equal(new long[] { 3, 1, 32, 32 }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
    }

    [Fact]
    public void Unet_preset_is_the_yardstick_network()
    {
        var config = BaselineConfigSource.Load("unet");
        Assert.Equal(128, config.ImageSize);
        Assert.Equal([16, 32, 64, 128, 256], Enumerable.Range(0, 5).Select(config.ChannelsAt));
        Assert.Equal(1e-3, config.LearningRate);
        Assert.Equal(8, config.BatchSize);
        using var model = new UNet2d(config);
        // The platform notes' yardstick U-Net has 1.9M parameters.
        Assert.InRange(model.ParameterCount, 1_850_000, 1_950_000);
    }

    [Fact]
    public void Every_convolution_is_a_SafeConv2d_and_norms_start_at_identity()
    {
        foreach (var norm in UNet2dConfig.Norms)
        {
            using var model = new UNet2d(BaselineFixtures.Tiny with { Norm = norm, Upsample = "nearest" });
            var modules = model.named_modules().Select(m => m.module).ToList();
            Assert.DoesNotContain(modules, m => m is Conv2d);
            Assert.Contains(modules, m => m is SafeConv2d);
            var normModules = modules.Where(m => m is GroupNorm or BatchNorm2d).ToList();
            Assert.Equal(2 * (BaselineFixtures.Tiny.Levels * 2 + 1), normModules.Count);
            foreach (var (name, tensor) in model.state_dict().Where(kv => kv.Key.Contains("norm")))
            {
                double expected = name.EndsWith(".weight") || name.EndsWith(".running_var") ? 1.0 : 0.0;
                Assert.True(tensor.to(float64).eq(expected).all().item<bool>(), $"{name} does not start at {expected}.");
            }
        }
    }

    [Fact]
    public void Input_gradient_matches_a_float64_reference()
    {
        // Catches the oneDNN bug of platform.md (wrong or NaN input gradients of 3x3 convolutions with 8 output channels).
        using var model = UNet2d.Create(BaselineFixtures.Tiny, seed: 3);
        using var images = rand(2, 3, 32, 32, generator: new Generator(11)) * 2 - 1;
        Tensor Gradient(ScalarType dtype)
        {
            model.to(dtype);
            using var x = images.to(dtype).requires_grad_(true);
            using var output = model.call(x);
            output.pow(2).sum().backward();
            return x.grad!.to(float64).detach().clone();
        }
        using var reference = Gradient(float64);
        using var single = Gradient(float32);
        Assert.False(single.isnan().any().item<bool>());
        double error = (single - reference).abs().max().item<double>() / reference.abs().max().item<double>();
        Assert.True(error < 1e-3, $"float32 input gradient differs from float64 by {error:E2} of its scale.");
    }
}
