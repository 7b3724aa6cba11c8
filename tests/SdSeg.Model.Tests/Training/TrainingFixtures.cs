using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Networks;
using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Training;

/// <summary>The tiny preset, models with a given initialisation, and a deterministic loss probe for the training tests.</summary>
internal static class TrainingFixtures
{
    public static SdSegConfig Tiny => ConfigSource.Load("tiny");

    static readonly Lock InitGate = new();

    /// <summary>A tiny model whose weights are a copy of <paramref name="weights"/>, or a fresh init drawn after seeding the global generator.</summary>
    public static SdSegModel TinyModel(IReadOnlyDictionary<string, Tensor>? weights = null, long initSeed = 1)
    {
        SdSegModel model;
        // Other test classes draw from the global generator in parallel; the gate only orders this file's draws.
        lock (InitGate)
        {
            random.manual_seed(initSeed);
            model = new SdSegModel(Tiny);
        }
        if (weights is not null)
        {
            using var _ = no_grad();
            var own = model.state_dict();
            foreach (var (key, value) in weights)
                own[key].copy_(value);
        }
        return model;
    }

    /// <summary>Detached copies of a module's state dict.</summary>
    public static Dictionary<string, Tensor> Snapshot(TorchSharp.torch.nn.Module module) =>
        module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    public static SdSegTrainingOptions Options(long seed = 5) => SdSegTrainingOptions.FromConfig(Tiny, batchSize: 4, seed);

    /// <summary>
    /// The SDSeg loss of the raw weights at fixed timesteps (early to late) and fixed noise, in eval mode: a noiseless
    /// yardstick of what training has learnt, unlike the per-step loss whose random t swings it by an order of magnitude.
    /// </summary>
    public static double ProbeLoss(SdSegModel model, Tensor images, Tensor masks)
    {
        bool training = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            using var generator = new Generator(99);
            var timesteps = new long[] { 50, 200, 400, 600, 800, 950 };
            var x = masks.repeat(timesteps.Length, 1, 1, 1);
            var xc = images.repeat(timesteps.Length, 1, 1, 1);
            var t = tensor(timesteps).repeat_interleave(masks.shape[0]);
            var z0 = model.EncodeFirstStage(x, generator);
            var noise = randn(z0.shape, generator: generator);
            var objective = new SdSegObjective(model.Schedule, model.Config);
            return objective.Compute(model.ApplyModel, z0, model.GetLearnedConditioning(xc), t, noise).Total.item<float>();
        }
        finally
        {
            model.train(training);
        }
    }
}
