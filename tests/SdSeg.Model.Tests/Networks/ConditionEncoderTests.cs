using SdSeg.Model.Networks.Conditioning;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Networks;

public class ConditionEncoderTests
{
    [Fact]
    public void Maps_an_image_to_an_embed_dim_latent_through_encoder_and_out()
    {
        using var scope = NewDisposeScope();
        var tau = new ConditionEncoder(TinyConfigs.CondStage);
        var sd = tau.state_dict();
        Assert.Equal(new long[] { 4, 8, 1, 1 }, sd["out.weight"].shape);
        Assert.Equal(new long[] { 4 }, sd["out.bias"].shape);
        Assert.All(sd.Keys, k => Assert.True(k.StartsWith("encoder.", StringComparison.Ordinal) || k.StartsWith("out.", StringComparison.Ordinal), k));

        tau.eval();
        var image = rand(2, 3, 64, 64) * 2 - 1;
        var c = tau.call(image);
        Assert.Equal(new long[] { 2, 4, 32, 32 }, c.shape);

        // forward = out(encoder(x)).
        var expected = nn.functional.conv2d(tau.Encoder.call(image), sd["out.weight"], sd["out.bias"]);
        Assert.True(c.allclose(expected, 1e-5, 1e-6));
    }

    [Fact]
    public void Uses_its_dropout_only_in_training()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var tau = new ConditionEncoder(TinyConfigs.CondStage);
        var image = rand(1, 3, 64, 64);
        tau.eval();
        Assert.True(tau.call(image).equal(tau.call(image)).all().item<bool>());
        tau.train();
        Assert.False(tau.call(image).allclose(tau.call(image)));
    }
}
