using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Diffusion;

public class NoiseScheduleTests
{
    static readonly NoiseSchedule Paper = NoiseSchedule.FromConfig(new SdSegConfig());

    [Fact]
    public void Has_the_papers_constants()
    {
        Assert.Equal(1000, Paper.NumTimesteps);
        Assert.All(Paper.Buffers.Values, b =>
        {
            Assert.Equal(ScalarType.Float32, b.dtype);
            Assert.Equal(new long[] { 1000 }, b.shape);
        });
        Assert.Equal(0.0015, Paper.Betas[0].item<float>(), 1e-7);
        Assert.Equal(0.0155, Paper.Betas[999].item<float>(), 1e-7);
        Assert.Equal(0.9985, Paper.AlphasCumprod[0].item<float>(), 1e-6);
        Assert.Equal(0.15108, Paper.AlphasCumprod[499].item<float>(), 1e-5);
        Assert.Equal(6.6867e-4, Paper.AlphasCumprod[999].item<float>(), 1e-8);
        Assert.Equal(38.671913, Paper.SqrtRecipAlphasCumprod[999].item<float>(), 1e-4);
        Assert.Equal(38.658981, Paper.SqrtRecipm1AlphasCumprod[999].item<float>(), 1e-4);
        Assert.Equal(1.0f, Paper.AlphasCumprodPrev[0].item<float>());
        Assert.Equal(0f, Paper.PosteriorVariance[0].item<float>());
        Assert.Equal((float)Math.Log(1e-20), Paper.PosteriorLogVarianceClipped[0].item<float>(), 1e-3);
    }

    [Fact]
    public void Every_buffer_follows_from_the_betas_as_register_schedule_computes_it()
    {
        // An independent float64 computation from the official formulas.
        double lo = Math.Sqrt(0.0015), hi = Math.Sqrt(0.0155);
        double cumprod = 1, previous = 1;
        var expected = NoiseSchedule.BufferNames.ToDictionary(n => n, _ => new double[1000]);
        for (int t = 0; t < 1000; t++)
        {
            double sqrtBeta = lo + (hi - lo) * t / 999, beta = sqrtBeta * sqrtBeta, alpha = 1 - beta;
            previous = cumprod;
            cumprod *= alpha;
            double variance = beta * (1 - previous) / (1 - cumprod);
            expected["betas"][t] = beta;
            expected["alphas_cumprod"][t] = cumprod;
            expected["alphas_cumprod_prev"][t] = previous;
            expected["sqrt_alphas_cumprod"][t] = Math.Sqrt(cumprod);
            expected["sqrt_one_minus_alphas_cumprod"][t] = Math.Sqrt(1 - cumprod);
            expected["log_one_minus_alphas_cumprod"][t] = Math.Log(1 - cumprod);
            expected["sqrt_recip_alphas_cumprod"][t] = Math.Sqrt(1 / cumprod);
            expected["sqrt_recipm1_alphas_cumprod"][t] = Math.Sqrt(1 / cumprod - 1);
            expected["posterior_variance"][t] = variance;
            expected["posterior_log_variance_clipped"][t] = Math.Log(Math.Max(variance, 1e-20));
            expected["posterior_mean_coef1"][t] = beta * Math.Sqrt(previous) / (1 - cumprod);
            expected["posterior_mean_coef2"][t] = (1 - previous) * Math.Sqrt(alpha) / (1 - cumprod);
        }
        foreach (var (name, values) in expected)
        {
            var actual = Paper.Buffers[name].data<float>().ToArray();
            for (int t = 0; t < 1000; t++)
                Assert.True(Math.Abs(actual[t] - values[t]) <= 1e-6 * Math.Max(1, Math.Abs(values[t])),
                    $"{name}[{t}] = {actual[t]}, expected {values[t]}");
        }
    }

    [Fact]
    public void Gathers_coefficients_per_sample_shaped_to_broadcast()
    {
        var t = tensor(new long[] { 0, 999, 499 });
        var c = Paper.Gather(Paper.SqrtAlphasCumprod, t, 4);
        Assert.Equal(new long[] { 3, 1, 1, 1 }, c.shape);
        Assert.Equal(Paper.SqrtAlphasCumprod[999].item<float>(), c[1, 0, 0, 0].item<float>());
        Assert.Equal(Paper.SqrtAlphasCumprod[499].item<float>(), c[2, 0, 0, 0].item<float>());
        // int32 timesteps are accepted too.
        Assert.True(Paper.Gather(Paper.Betas, t.to(int32), 2).equal(Paper.Gather(Paper.Betas, t, 2)).all().item<bool>());
    }

    [Fact]
    public void Predicting_the_start_from_the_true_noise_inverts_forward_diffusion()
    {
        manual_seed(0);
        var x0 = randn(3, 4, 8, 8);
        var noise = randn(3, 4, 8, 8);
        var t = tensor(new long[] { 0, 250, 999 });
        var xt = Paper.QSample(x0, t, noise);
        var expectedXt = x0[1] * Paper.SqrtAlphasCumprod[250] + noise[1] * Paper.SqrtOneMinusAlphasCumprod[250];
        Assert.True(xt[1].allclose(expectedXt, 1e-6, 1e-6));
        Assert.True(Paper.PredictStartFromNoise(xt, t, noise).allclose(x0, 1e-4, 1e-3));
    }

    [Fact]
    public void Rejects_out_of_range_or_non_integer_timesteps()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Paper.Gather(Paper.Betas, tensor(new long[] { 1000 }), 4));
        Assert.Contains("[0, 999]", ex.Message);
        Assert.Throws<ArgumentException>(() => Paper.Gather(Paper.Betas, tensor(new float[] { 1f }), 4));
        Assert.Throws<NotSupportedException>(() => NoiseSchedule.FromConfig(new SdSegConfig { BetaSchedule = "cosine" }));
    }
}
