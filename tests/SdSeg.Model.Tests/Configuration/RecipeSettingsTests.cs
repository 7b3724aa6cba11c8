using SdSeg.Model.Configuration;

namespace SdSeg.Model.Tests.Configuration;

public class RecipeSettingsTests
{
    static string Tiny => ConfigSource.PresetText("tiny");

    static string WithWorkbench(string extra) => Tiny.Replace("  weight_decay: 0.01", "  weight_decay: 0.01\n" + extra, StringComparison.Ordinal);

    [Fact]
    public void The_official_presets_keep_the_papers_objective()
    {
        foreach (var preset in new[] { "official", "tiny" })
        {
            var c = ConfigSource.Load(preset);
            Assert.Equal((0.0, 0.0, 0.0, CondStageInit.FirstStageEncoder, 1.0), (c.InferenceTimestepShare, c.InferenceNoiseShare, c.PixelLossWeight, c.CondStageInit, c.CondStageLearningRateFactor));
            Assert.Null(c.LearningRateDecayTo);
        }
    }

    [Fact]
    public void The_small_preset_is_the_from_scratch_recipe()
    {
        var c = ConfigSource.Load("small");
        Assert.True(c.InferenceTimestepShare > 0);
        Assert.True(c.PixelLossWeight > 0);
        Assert.Equal(CondStageInit.Random, c.CondStageInit);
        Assert.NotNull(c.LearningRateDecayTo);
    }

    [Fact]
    public void Recipe_keys_are_read_and_written_back()
    {
        var yaml = WithWorkbench("  inference_timestep_share: 0.75\n  inference_noise_share: 0.5\n  inference_noise_seed: 3\n  pixel_loss_weight: 2.0\n  cond_stage_init: random\n  cond_stage_lr_factor: 4.0\n  lr_decay_to: 0.05");
        var c = OfficialConfigReader.Parse(yaml, "recipe.yaml");
        Assert.Equal((0.75, 0.5, 3L, 2.0, CondStageInit.Random, 4.0, (double?)0.05),
            (c.InferenceTimestepShare, c.InferenceNoiseShare, c.InferenceNoiseSeed, c.PixelLossWeight, c.CondStageInit, c.CondStageLearningRateFactor, c.LearningRateDecayTo));
        var again = OfficialConfigReader.Parse(OfficialConfigWriter.Write(c), "written.yaml");
        Assert.Equal((c.InferenceTimestepShare, c.InferenceNoiseShare, c.InferenceNoiseSeed, c.PixelLossWeight, c.CondStageInit, c.CondStageLearningRateFactor, c.LearningRateDecayTo),
            (again.InferenceTimestepShare, again.InferenceNoiseShare, again.InferenceNoiseSeed, again.PixelLossWeight, again.CondStageInit, again.CondStageLearningRateFactor, again.LearningRateDecayTo));
    }

    [Theory]
    [InlineData("  inference_timestep_share: 1.5", "workbench.inference_timestep_share")]
    [InlineData("  inference_noise_share: -0.1", "workbench.inference_noise_share")]
    [InlineData("  pixel_loss_weight: -1", "workbench.pixel_loss_weight")]
    [InlineData("  cond_stage_lr_factor: 0", "workbench.cond_stage_lr_factor")]
    [InlineData("  lr_decay_to: 2", "workbench.lr_decay_to")]
    [InlineData("  cond_stage_init: imagenet", "workbench.cond_stage_init")]
    public void Out_of_range_recipe_keys_are_refused_by_name(string line, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => OfficialConfigReader.Parse(WithWorkbench(line), "bad.yaml"));
        Assert.Contains(key, error.Message);
    }
}
