using SdSeg.Model.Networks.UNet;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Networks;

public class QKVAttentionLegacyTests
{
    [Fact]
    public void Splits_heads_before_qkv_and_matches_a_direct_computation()
    {
        const int batch = 2, heads = 2, ch = 3, length = 5;
        manual_seed(7);
        var qkv = randn(batch, heads * 3 * ch, length);
        var actual = new QKVAttentionLegacy(heads).call(qkv).to(float64);
        Assert.Equal(new long[] { batch, heads * ch, length }, actual.shape);

        // Legacy layout: channels [q_h0, k_h0, v_h0, q_h1, k_h1, v_h1], each ch wide.
        var data = qkv.to(float64).data<double>().ToArray();
        double At(int b, int channel, int t) => data[(b * heads * 3 * ch + channel) * length + t];
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < heads; h++)
            {
                int qBase = h * 3 * ch, kBase = qBase + ch, vBase = qBase + 2 * ch;
                for (int t = 0; t < length; t++)
                {
                    var logits = new double[length];
                    for (int s = 0; s < length; s++)
                        for (int c = 0; c < ch; c++)
                            logits[s] += At(b, qBase + c, t) * At(b, kBase + c, s) / Math.Sqrt(ch);
                    double max = logits.Max();
                    var weights = logits.Select(l => Math.Exp(l - max)).ToArray();
                    double sum = weights.Sum();
                    for (int c = 0; c < ch; c++)
                    {
                        double expected = 0;
                        for (int s = 0; s < length; s++)
                            expected += weights[s] / sum * At(b, vBase + c, s);
                        Assert.True(Math.Abs(expected - actual[b, h * ch + c, t].item<double>()) < 1e-5, $"b{b} h{h} c{c} t{t}");
                    }
                }
            }
    }

    [Fact]
    public void Rejects_a_width_that_does_not_split_into_heads()
    {
        var ex = Assert.Throws<ArgumentException>(() => new QKVAttentionLegacy(2).call(zeros(1, 9, 4)));
        Assert.Contains("2 heads", ex.Message);
    }
}
