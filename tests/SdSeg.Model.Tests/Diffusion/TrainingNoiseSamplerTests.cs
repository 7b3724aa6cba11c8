using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Diffusion;

public class TrainingNoiseSamplerTests
{
    static readonly SdSegConfig Tiny = ConfigSource.Load("tiny");
    static readonly long[] Shape = [6, 4, 16, 16];

    [Fact]
    public void With_no_shares_the_draws_are_the_official_ones()
    {
        using var scope = NewDisposeScope();
        using var sampler = new TrainingNoiseSampler(Tiny);
        using var ours = new Generator(42);
        using var official = new Generator(42);
        var (t, noise) = sampler.Draw(ours, Shape);
        var expectedT = randint(0, 1000, [6], int64, CPU, generator: official);
        var expectedNoise = randn(Shape, float32, CPU, generator: official);
        Assert.True(t.eq(expectedT).all().item<bool>());
        Assert.True(noise.eq(expectedNoise).all().item<bool>());
    }

    [Fact]
    public void A_full_inference_share_puts_every_sample_at_the_last_step_with_the_inference_noise()
    {
        using var scope = NewDisposeScope();
        var config = Tiny with { InferenceTimestepShare = 1.0, InferenceNoiseShare = 1.0, InferenceNoiseSeed = 3 };
        using var sampler = new TrainingNoiseSampler(config);
        using var generator = new Generator(1);
        var (t, noise) = sampler.Draw(generator, Shape);
        Assert.All(t.data<long>().ToArray(), v => Assert.Equal(999, v));
        // The noise single-step inference draws for seed 3, the same for every sample.
        var inference = new SingleStepSegmenter(new global::SdSeg.Model.Networks.SdSegModel(config), CPU, seed: 3).DrawNoise(3);
        for (int b = 0; b < 6; b++)
            Assert.True(noise[b].eq(inference[0]).all().item<bool>());
    }

    [Fact]
    public void A_half_share_puts_about_half_of_the_samples_at_the_last_step_and_keeps_fresh_noise_there()
    {
        using var scope = NewDisposeScope();
        using var sampler = new TrainingNoiseSampler(Tiny with { InferenceTimestepShare = 0.5 });
        using var generator = new Generator(5);
        int atLast = 0, samples = 0;
        var seen = new List<Tensor>();
        for (int draw = 0; draw < 40; draw++)
        {
            var (t, noise) = sampler.Draw(generator, [5, 4, 16, 16]);
            var values = t.data<long>().ToArray();
            atLast += values.Count(v => v == 999);
            samples += values.Length;
            seen.Add(noise[0].clone());
        }
        Assert.InRange(atLast / (double)samples, 0.45, 0.6);
        Assert.False(seen[0].eq(seen[1]).all().item<bool>(), "without an inference-noise share every sample gets fresh noise");
    }
}
