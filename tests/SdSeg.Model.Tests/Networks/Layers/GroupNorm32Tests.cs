using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Networks.Layers;

public class GroupNorm32Tests
{
    [Fact]
    public void Starts_at_ones_and_zeros_like_pytorch()
    {
        // TorchSharp 0.107's nn.GroupNorm leaves weight and bias uninitialised (torch.empty, often NaN).
        var norm = GroupNorm32.Create(64, 1e-6);
        Assert.True(norm.weight!.eq(1f).all().item<bool>());
        Assert.True(norm.bias!.eq(0f).all().item<bool>());
        var y = norm.forward(randn(2, 64, 8, 8));
        Assert.False(y.isnan().any().item<bool>());
    }
}
