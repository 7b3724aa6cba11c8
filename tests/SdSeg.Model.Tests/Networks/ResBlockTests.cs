using SdSeg.Model.Networks.UNet;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SdSeg.Model.Tests.Networks;

public class ResBlockTests
{
    [Fact]
    public void Is_the_identity_at_init_because_its_last_conv_is_zero()
    {
        using var scope = NewDisposeScope();
        var block = new ResBlock(32, 64, 0.0, useScaleShiftNorm: true);
        var x = randn(2, 32, 6, 6);
        Assert.True(block.call(x, randn(2, 64)).equal(x).all().item<bool>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Scale_shift_forward_matches_a_direct_computation(bool down)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var block = new ResBlock(32, 16, 0.0, outChannels: 64, useScaleShiftNorm: true, down: down);
        using (no_grad())
            foreach (var parameter in block.parameters())
                parameter.normal_(0, 0.1);
        block.eval();
        var x = randn(2, 32, 8, 8);
        var emb = randn(2, 16);
        var p = block.state_dict();

        var h = F.silu(F.group_norm(x, 32, p["in_layers.0.weight"], p["in_layers.0.bias"], 1e-5));
        var skipInput = x;
        if (down)
        {
            h = F.avg_pool2d(h, 2, 2);
            skipInput = F.avg_pool2d(x, 2, 2);
        }
        h = F.conv2d(h, p["in_layers.2.weight"], p["in_layers.2.bias"], padding: [1, 1]);
        var embOut = F.linear(F.silu(emb), p["emb_layers.1.weight"], p["emb_layers.1.bias"]);
        var scale = embOut.narrow(1, 0, 64).reshape(2, 64, 1, 1);
        var shift = embOut.narrow(1, 64, 64).reshape(2, 64, 1, 1);
        h = F.group_norm(h, 32, p["out_layers.0.weight"], p["out_layers.0.bias"], 1e-5) * (1 + scale) + shift;
        h = F.conv2d(F.silu(h), p["out_layers.3.weight"], p["out_layers.3.bias"], padding: [1, 1]);
        var expected = F.conv2d(skipInput, p["skip_connection.weight"], p["skip_connection.bias"]) + h;

        var actual = block.call(x, emb);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, 1e-5, 1e-5), $"max diff {(actual - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void Up_block_doubles_the_spatial_size()
    {
        var block = new ResBlock(32, 16, 0.0, useScaleShiftNorm: true, up: true);
        Assert.Equal(new long[] { 1, 32, 12, 12 }, block.call(randn(1, 32, 6, 6), randn(1, 16)).shape);
    }
}
