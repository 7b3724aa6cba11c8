using SdSeg.Model.Networks.UNet;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Networks;

public class UNetModelTests
{
    [Fact]
    public void Predicts_a_latent_shaped_output_for_a_tiny_config()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var unet = new UNetModel(TinyConfigs.UNet);
        var y = unet.call(randn(2, 8, 16, 16), tensor(new long[] { 0, 999 }));
        Assert.Equal(new long[] { 2, 4, 16, 16 }, y.shape);
        // out.2 is zero-initialised, so a fresh UNet predicts exactly zero.
        Assert.True(y.eq(0f).all().item<bool>());
    }

    [Fact]
    public void Has_the_official_block_layout_for_a_tiny_config()
    {
        var unet = new UNetModel(TinyConfigs.UNet);
        var keys = unet.state_dict().Keys.ToHashSet();
        // input_blocks: 0 conv, 1 ResBlock, 2 ResBlock down, 3 ResBlock 32->64 + attention (rate 2).
        Assert.Contains("input_blocks.0.0.weight", keys);
        Assert.Contains("input_blocks.2.0.in_layers.2.weight", keys);
        Assert.DoesNotContain("input_blocks.1.1.qkv.weight", keys);
        Assert.Contains("input_blocks.3.0.skip_connection.weight", keys);
        Assert.Contains("input_blocks.3.1.qkv.weight", keys);
        Assert.Contains("middle_block.1.proj_out.weight", keys);
        // output_blocks: level 1 (with attention, the last one upsamples at index 2), then level 0.
        Assert.Contains("output_blocks.1.2.in_layers.0.weight", keys);
        Assert.Contains("output_blocks.2.0.skip_connection.weight", keys);
        Assert.DoesNotContain("output_blocks.2.1.qkv.weight", keys);
        Assert.Contains("out.2.weight", keys);
        Assert.Contains("time_embed.2.bias", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("label_emb", StringComparison.Ordinal));
        Assert.Equal(new long[] { 192, 64, 1 }, unet.state_dict()["input_blocks.3.1.qkv.weight"].shape);
        Assert.Equal(new long[] { 64, 128 }, unet.state_dict()["input_blocks.1.0.emb_layers.1.weight"].shape);
    }

    [Fact]
    public void Starts_group_norms_at_ones_and_zeros_and_zero_convs_at_zero()
    {
        var unet = new UNetModel(TinyConfigs.UNet);
        var norms = unet.modules().OfType<GroupNorm>().ToList();
        Assert.NotEmpty(norms);
        Assert.All(norms, n =>
        {
            Assert.True(n.weight.eq(1f).all().item<bool>());
            Assert.True(n.bias!.eq(0f).all().item<bool>());
        });
        var sd = unet.state_dict();
        var zeroInit = sd.Where(kv => kv.Key.StartsWith("out.2.", StringComparison.Ordinal)
            || kv.Key.Contains(".out_layers.3.", StringComparison.Ordinal) || kv.Key.Contains(".proj_out.", StringComparison.Ordinal)).ToList();
        Assert.True(zeroInit.Count >= 2 + 2 * 8);
        Assert.All(zeroInit, kv => Assert.True(kv.Value.eq(0f).all().item<bool>(), kv.Key));
        Assert.False(sd["input_blocks.1.0.in_layers.2.weight"].eq(0f).all().item<bool>());
    }

    [Fact]
    public void Chooses_attention_heads_as_the_official_constructor_does()
    {
        static int[] Heads(UNetModel unet) => unet.modules().OfType<AttentionBlock>().Select(a => a.NumHeads).ToArray();

        // num_heads 2, upsample heads default to num_heads.
        Assert.All(Heads(new UNetModel(TinyConfigs.UNet)), h => Assert.Equal(2, h));
        // num_heads_upsample only changes the output blocks' heads.
        var upsampleHeads = Heads(new UNetModel(TinyConfigs.UNet with { NumHeadsUpsample = 4 }));
        Assert.Equal([2, 2, 4, 4], upsampleHeads);
        // num_head_channels fixes the head width instead: 64 channels / 16 = 4 heads everywhere.
        Assert.All(Heads(new UNetModel(TinyConfigs.UNet with { NumHeadChannels = 16 })), h => Assert.Equal(4, h));
    }

    [Fact]
    public void Class_labels_are_required_exactly_when_num_classes_is_set()
    {
        using var scope = NewDisposeScope();
        var x = randn(1, 8, 8, 8);
        var t = tensor(new long[] { 3 });
        var plain = new UNetModel(TinyConfigs.UNet);
        Assert.Throws<ArgumentException>(() => plain.forward(x, t, tensor(new long[] { 1 })));

        var classConditional = new UNetModel(TinyConfigs.UNet with { NumClasses = 3 });
        Assert.Equal(new long[] { 3, 128 }, classConditional.state_dict()["label_emb.weight"].shape);
        var ex = Assert.Throws<ArgumentException>(() => classConditional.call(x, t));
        Assert.Contains("class labels are required", ex.Message);
        Assert.Equal(new long[] { 1, 4, 8, 8 }, classConditional.forward(x, t, tensor(new long[] { 2 })).shape);
    }

    [Fact]
    public void Is_deterministic_in_eval_mode_and_uses_dropout_in_training()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var unet = new UNetModel(TinyConfigs.UNet);
        using (no_grad())
            foreach (var p in unet.parameters())
                p.normal_(0, 0.05);
        var x = randn(1, 8, 8, 8);
        var t = tensor(new long[] { 500 });

        unet.eval();
        Tensor a, b;
        using (no_grad())
        {
            a = unet.call(x, t);
            b = unet.call(x, t);
        }
        Assert.True(a.equal(b).all().item<bool>());

        unet.train();
        using (no_grad())
            b = unet.call(x, t);
        Assert.False(a.allclose(b, 1e-4, 1e-5));
    }

    [Fact]
    public void Rejects_inputs_with_the_wrong_channel_count()
    {
        var unet = new UNetModel(TinyConfigs.UNet);
        var ex = Assert.Throws<ArgumentException>(() => unet.call(zeros(1, 4, 8, 8), tensor(new long[] { 1 })));
        Assert.Contains("[B, 8, H, W]", ex.Message);
    }
}
