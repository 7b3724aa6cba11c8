using SdSeg.Model.Networks.UNet;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Networks;

public class TimestepEmbeddingTests
{
    [Fact]
    public void Puts_cosines_first_then_sines_with_geometric_frequencies()
    {
        // dim 8: half 4, frequencies exp(-ln(10000) i / 4) = 1, 0.1, 0.01, 0.001.
        var t = tensor(new long[] { 0, 1, 999 });
        var emb = TimestepEmbedding.Sinusoidal(t, 8).to(float64);
        Assert.Equal(new long[] { 3, 8 }, emb.shape);

        double[] freqs = [1.0, 0.1, 0.01, 0.001];
        long[] steps = [0, 1, 999];
        for (int b = 0; b < 3; b++)
            for (int i = 0; i < 4; i++)
            {
                // float32 arguments t*f carry about 1e-4 absolute error at t = 999.
                Assert.True(Math.Abs(Math.Cos(steps[b] * freqs[i]) - emb[b, i].item<double>()) < 1e-4, $"cos t={steps[b]} i={i}");
                Assert.True(Math.Abs(Math.Sin(steps[b] * freqs[i]) - emb[b, 4 + i].item<double>()) < 1e-4, $"sin t={steps[b]} i={i}");
            }
    }

    [Fact]
    public void Matches_the_paper_dimension_at_t999()
    {
        var emb = TimestepEmbedding.Sinusoidal(tensor(new long[] { 999 }), 192);
        Assert.Equal(new long[] { 1, 192 }, emb.shape);
        Assert.Equal(ScalarType.Float32, emb.dtype);
        // Index 95 is the last cosine: frequency exp(-ln(10000) * 95/96).
        double f95 = Math.Exp(-Math.Log(10000) * 95 / 96);
        Assert.True(Math.Abs(Math.Cos(999 * f95) - emb[0, 95].item<float>()) < 1e-4);
        Assert.True(Math.Abs(Math.Sin(999 * f95) - emb[0, 191].item<float>()) < 1e-4);
    }

    [Fact]
    public void Odd_dimension_gets_a_zero_last_column()
    {
        var emb = TimestepEmbedding.Sinusoidal(tensor(new long[] { 5, 7 }), 5);
        Assert.Equal(new long[] { 2, 5 }, emb.shape);
        Assert.True(emb.select(1, 4).eq(0f).all().item<bool>());
    }

    [Fact]
    public void Rejects_a_batch_that_is_not_one_dimensional()
    {
        var ex = Assert.Throws<ArgumentException>(() => TimestepEmbedding.Sinusoidal(zeros(2, 2, int64), 8));
        Assert.Contains("1-D", ex.Message);
    }
}
