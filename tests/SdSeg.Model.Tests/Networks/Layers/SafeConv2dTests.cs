using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Networks.Layers;

/// <summary>
/// Guards against the oneDNN input-gradient bug (wrong or NaN gradients for 3x3 stride-1 convolutions with an output
/// channel count that is not a multiple of 16 on some CPUs): the project's convolution must agree with float64 autograd.
/// </summary>
public class SafeConv2dTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (int outChannels in new[] { 3, 4, 8, 12, 16, 64 })
            foreach (int size in new[] { 32, 128 })
                data.Add(outChannels, size);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Input_gradient_matches_float64_autograd(int outChannels, int size)
    {
        using var scope = NewDisposeScope();
        manual_seed(outChannels * 1000 + size);
        var conv = new SafeConv2d(8, outChannels, 3, padding: 1);
        var x = randn(2, 8, size, size).requires_grad_();
        var upstream = randn(2, outChannels, size, size);

        (conv.forward(x) * upstream).sum().backward();
        var grad = x.grad!;

        var x64 = x.detach().to(float64).requires_grad_();
        var y64 = nn.functional.conv2d(x64, conv.weight.detach().to(float64), conv.bias!.detach().to(float64), padding: [1, 1]);
        (y64 * upstream.to(float64)).sum().backward();
        var reference = x64.grad!;

        Assert.False(grad.isnan().any().item<bool>(), "NaN in the float32 input gradient");
        double maxError = (grad.to(float64) - reference).abs().max().item<double>();
        double scale = reference.abs().max().item<double>();
        Assert.True(maxError <= 1e-4 * scale, $"max |float32 - float64| = {maxError:E3} against a gradient scale of {scale:E3}");
    }

    [Fact]
    public void Forward_matches_plain_convolution_and_keeps_official_parameter_shape()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var conv = new SafeConv2d(16, 3, 3, padding: 1);
        var x = randn(1, 16, 20, 20);
        Assert.True(conv.UsesPaddedWeight(x));
        Assert.Equal(new long[] { 3, 16, 3, 3 }, conv.weight.shape);
        var expected = nn.functional.conv2d(x.to(float64), conv.weight.detach().to(float64), conv.bias!.detach().to(float64), padding: [1, 1]);
        Assert.True((conv.forward(x).to(float64) - expected).abs().max().item<double>() < 1e-4);
        Assert.Equal(new[] { "weight", "bias" }, conv.state_dict().Keys.ToArray());
    }
}
