using SdSeg.Model.Networks.Autoencoder;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SdSeg.Model.Tests.Networks;

public class AttnBlockTests
{
    [Fact]
    public void Single_head_attention_matches_a_float64_computation()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var block = new AttnBlock(32);
        var x = randn(2, 32, 4, 5);
        var actual = block.call(x).to(float64);

        var p = block.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(float64));
        var x64 = x.to(float64);
        var h = F.group_norm(x64, 32, p["norm.weight"], p["norm.bias"], 1e-6);
        Tensor Project(string name) => F.conv2d(h, p[$"{name}.weight"], p[$"{name}.bias"]).reshape(2, 32, 20);
        var q = Project("q");
        var k = Project("k");
        var v = Project("v");
        // out[c, i] = sum_j softmax_j(q[:, i] . k[:, j] / sqrt(C)) v[c, j]
        var weights = (q.transpose(1, 2).matmul(k) / Math.Sqrt(32)).softmax(-1);
        var attended = v.matmul(weights.transpose(1, 2)).reshape(2, 32, 4, 5);
        var expected = x64 + F.conv2d(attended, p["proj_out.weight"], p["proj_out.bias"]);

        Assert.True(actual.allclose(expected, 1e-5, 1e-5), $"max diff {(actual - expected).abs().max().item<double>()}");
    }
}
