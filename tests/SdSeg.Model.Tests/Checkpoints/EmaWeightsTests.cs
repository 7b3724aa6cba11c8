using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Checkpoints;

public class EmaWeightsTests
{
    static KeyedModule Wrapper() => KeyedModule.Of(("diffusion_model.input_blocks.0.0.weight", [2, 3]), ("diffusion_model.out.2.bias", [2]));

    [Fact]
    public void DecayFollowsTheOfficialWarmUpAndCapsAt0_9999()
    {
        var model = Wrapper();
        using var ema = new EmaWeights(model);
        var decays = new List<float>();
        for (int i = 0; i < 3; i++)
        {
            decays.Add(ema.NextDecay());
            ema.Update(model);
        }
        Assert.Equal([2f / 11, 3f / 12, 4f / 13], decays);
        Assert.Equal(3, ema.NumUpdates);

        using var late = new EmaWeights(model);
        late.Buffers_NumUpdates(200_000);
        Assert.Equal(0.9999f, late.NextDecay());
    }

    [Fact]
    public void UpdateMovesShadowsTowardsTheParametersAsTheOfficialFormula()
    {
        var model = Wrapper();
        using var ema = new EmaWeights(model);
        var start = model.state_dict()["diffusion_model.out.2.bias"].clone();
        using (no_grad())
            model.state_dict()["diffusion_model.out.2.bias"].add_(1.0f);
        ema.Update(model); // decay 2/11: shadow = start - (1 - 2/11) * (start - (start + 1))
        var expected = start + (1f - 2f / 11);
        Assert.True(ema.state_dict()["diffusion_modelout2bias"].allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void CheckpointNamesAreTheOfficialDotlessOnes()
    {
        var model = Wrapper();
        using var ema = new EmaWeights(model);
        var sd = ema.CheckpointStateDict();
        Assert.Equal(["model_ema.decay", "model_ema.num_updates", "model_ema.diffusion_modelinput_blocks00weight", "model_ema.diffusion_modelout2bias"], sd.Keys);
        Assert.Equal(ScalarType.Float32, sd["model_ema.decay"].dtype);
        Assert.Equal(ScalarType.Int32, sd["model_ema.num_updates"].dtype);
        Assert.Empty(sd["model_ema.decay"].shape);
        Assert.Equal("diffusion_modelinput_blocks00weight", EmaWeights.ShadowName("diffusion_model.input_blocks.0.0.weight"));
    }

    [Fact]
    public void ApplyRunsOnEmaWeightsAndRestoresAfterwards()
    {
        var model = Wrapper();
        using var ema = new EmaWeights(model);
        var own = model.state_dict()["diffusion_model.out.2.bias"].clone();
        using (no_grad())
            ema.state_dict()["diffusion_modelout2bias"].fill_(7f);
        using (ema.Apply(model))
            Assert.True(model.state_dict()["diffusion_model.out.2.bias"].BitEqual(full(2, 7f)));
        Assert.True(model.state_dict()["diffusion_model.out.2.bias"].BitEqual(own));
    }

    [Fact]
    public void LoadFromCheckpointRestoresEmaState()
    {
        var model = Wrapper();
        using var trained = new EmaWeights(model);
        for (int i = 0; i < 5; i++)
            trained.Update(model);
        using var fresh = new EmaWeights(Wrapper());
        var report = fresh.LoadFrom(trained.CheckpointStateDict().ToDictionary(kv => kv.Key, kv => kv.Value));
        Assert.True(report.Applied);
        Assert.Equal(5, fresh.NumUpdates);
        Assert.True(fresh.state_dict()["diffusion_modelinput_blocks00weight"].BitEqual(trained.state_dict()["diffusion_modelinput_blocks00weight"]));
    }
}

internal static class EmaTestExtensions
{
    public static void Buffers_NumUpdates(this EmaWeights ema, int value)
    {
        using var _ = no_grad();
        ema.state_dict()["num_updates"].fill_(value);
    }
}
