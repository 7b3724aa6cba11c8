using SdSeg.Model.Networks.Autoencoder;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Networks;

public class AutoencoderKLTests
{
    [Fact]
    public void Encodes_64_px_to_a_32_px_posterior_and_decodes_back()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var vae = new AutoencoderKL(TinyConfigs.FirstStage);
        vae.eval();
        using var _ = no_grad();
        var posterior = vae.Encode(randn(2, 3, 64, 64));
        Assert.Equal(new long[] { 2, 4, 32, 32 }, posterior.Mean.shape);
        Assert.Equal(new long[] { 2, 4, 32, 32 }, posterior.LogVar.shape);
        Assert.Equal(new long[] { 2, 4, 32, 32 }, posterior.Sample().shape);
        Assert.Same(posterior.Mean, posterior.Mode());
        Assert.Equal(new long[] { 2, 3, 64, 64 }, vae.Decode(posterior.Mode()).shape);
    }

    [Fact]
    public void Has_the_official_submodule_names()
    {
        var keys = new AutoencoderKL(TinyConfigs.FirstStage).state_dict().Keys.ToHashSet();
        string[] expected =
        [
            "encoder.conv_in.weight", "encoder.down.0.block.0.norm1.weight", "encoder.down.0.downsample.conv.weight",
            "encoder.down.1.block.0.nin_shortcut.weight", "encoder.mid.attn_1.q.weight", "encoder.mid.block_2.conv2.bias",
            "encoder.norm_out.weight", "encoder.conv_out.weight",
            "decoder.conv_in.weight", "decoder.mid.attn_1.proj_out.weight", "decoder.up.1.block.1.conv1.weight",
            "decoder.up.1.upsample.conv.weight", "decoder.up.0.block.0.nin_shortcut.weight", "decoder.conv_out.bias",
            "quant_conv.weight", "post_quant_conv.bias",
        ];
        Assert.All(expected, k => Assert.Contains(k, keys));
        Assert.DoesNotContain(keys, k => k.Contains("down.1.downsample", StringComparison.Ordinal) || k.Contains("up.0.upsample", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.Contains(".attn.", StringComparison.Ordinal));
    }

    [Fact]
    public void Group_norms_start_at_ones_and_zeros()
    {
        var norms = new AutoencoderKL(TinyConfigs.FirstStage).modules().OfType<GroupNorm>().ToList();
        Assert.NotEmpty(norms);
        Assert.All(norms, n => Assert.True(n.weight.eq(1f).all().item<bool>() && n.bias!.eq(0f).all().item<bool>()));
    }

    [Fact]
    public void Posterior_clamps_the_log_variance_and_samples_mean_plus_std_noise()
    {
        using var scope = NewDisposeScope();
        var mean = tensor(new float[] { 1f, -2f }).reshape(1, 2, 1, 1);
        var logvar = tensor(new float[] { 100f, -100f }).reshape(1, 2, 1, 1);
        var posterior = new DiagonalGaussianDistribution(cat([mean, logvar], 1));
        Assert.Equal(new[] { 20f, -30f }, posterior.LogVar.data<float>().ToArray());
        Assert.Equal(Math.Exp(10), posterior.Std[0, 0, 0, 0].item<float>(), 0.5);

        var noise = tensor(new float[] { 0.5f, 2f }).reshape(1, 2, 1, 1);
        var sample = posterior.Sample(noise);
        Assert.Equal(1f + (float)Math.Exp(10) * 0.5f, sample[0, 0, 0, 0].item<float>(), 0.5);
        Assert.Equal(-2f + (float)Math.Exp(-15) * 2f, sample[0, 1, 0, 0].item<float>(), 1e-6);

        // The seeded sample is drawn from a CPU generator, as the official code does.
        var g1 = new Generator(42);
        var g2 = new Generator(42);
        Assert.True(posterior.Sample(g1).equal(posterior.Sample(g2)).all().item<bool>());
    }

    [Fact]
    public void Frozen_autoencoder_needs_no_gradients_and_stays_in_eval_mode()
    {
        var vae = new AutoencoderKL(TinyConfigs.FirstStage);
        vae.Freeze();
        vae.train();
        Assert.False(vae.training);
        Assert.All(vae.modules(), m => Assert.False(m.training));
        Assert.All(vae.parameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void Downsample_pads_right_and_bottom_before_a_stride_2_conv()
    {
        using var scope = NewDisposeScope();
        var down = new Downsample(32, withConv: true);
        var sd = down.state_dict();
        var x = randn(1, 32, 8, 8);
        var expected = nn.functional.conv2d(nn.functional.pad(x, (0, 1, 0, 1)), sd["conv.weight"], sd["conv.bias"], strides: [2, 2]);
        var actual = down.call(x);
        Assert.Equal(new long[] { 1, 32, 4, 4 }, actual.shape);
        Assert.True(actual.allclose(expected, 1e-5, 1e-6));
    }

    [Fact]
    public void Rejects_a_latent_with_the_wrong_channel_count()
    {
        var vae = new AutoencoderKL(TinyConfigs.FirstStage);
        var ex = Assert.Throws<ArgumentException>(() => vae.Decode(zeros(1, 8, 4, 4)));
        Assert.Contains("[B, 4, h, w]", ex.Message);
    }
}
