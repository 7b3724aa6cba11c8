using System.Text;
using SdSeg.Model.Baseline;
using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;

namespace SdSeg.Model.Tests.Configuration;

/// <summary>Hostile configurations: nesting, size and node bombs, absurd widths, models too large for any machine here.</summary>
[Trait("Category", "Hostile")]
public class ConfigLimitsTests
{
    static string Official => ConfigSource.PresetText("official");

    [Fact]
    public void Fifty_thousand_nested_brackets_are_refused_before_any_recursion()
    {
        // 100 KB as in the report that crashed the web process. On a 256 KB stack the tree builder would overflow within a few
        // thousand levels; the refusal must come from the streaming check, which never recurses.
        var yaml = new string('[', 50_000) + new string(']', 50_000);
        ConfigurationException? refusal = null;
        var thread = new Thread(() => refusal = Assert.Throws<ConfigurationException>(() => OfficialConfigReader.Parse(yaml, "bomb.yaml")), 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.NotNull(refusal);
        Assert.Equal("line 1", refusal.Key);
        Assert.Contains($"nested more than {YamlInputLimits.MaxDepth} levels", refusal.Message);
        Assert.Contains("bomb.yaml", refusal.Message);
    }

    [Fact]
    public void The_baseline_reader_and_its_detector_refuse_the_same_bomb()
    {
        var yaml = "baseline: unet\nmodel: " + new string('[', 50_000);
        var refusal = Assert.Throws<ConfigurationException>(() => UNet2dConfigYaml.Parse(yaml, "bomb.yaml"));
        Assert.Contains("nested more than", refusal.Message);

        var file = Path.Combine(Path.GetTempPath(), $"sdseg-bomb-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            Assert.False(BaselineConfigSource.IsBaseline(file));
            Assert.Contains("nested more than", Assert.Throws<ConfigurationException>(() => ConfigSource.Load(file)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_file_above_the_size_limit_is_refused_unread()
    {
        var yaml = Official + "\n#" + new string('x', YamlInputLimits.MaxCharacters);
        var refusal = Assert.Throws<ConfigurationException>(() => OfficialConfigReader.Parse(yaml, "big.yaml"));
        Assert.Equal("(file)", refusal.Key);
        Assert.Contains("more than a configuration may have", refusal.Message);
    }

    [Fact]
    public void A_flat_list_of_thirty_thousand_values_is_refused_by_the_node_limit()
    {
        var yaml = "model: [" + string.Join(",", Enumerable.Repeat("0", 30_000)) + "]";
        Assert.True(yaml.Length < YamlInputLimits.MaxCharacters);
        var refusal = Assert.Throws<ConfigurationException>(() => OfficialConfigReader.Parse(yaml, "wide.yaml"));
        Assert.Contains($"more than {YamlInputLimits.MaxNodes:N0} keys", refusal.Message);
    }

    [Fact]
    public void Model_channels_of_8192_is_refused_naming_the_field()
    {
        var yaml = Official.Replace("model_channels: 192", "model_channels: 8192", StringComparison.Ordinal);
        Assert.NotEqual(Official, yaml);
        var refusal = Assert.Throws<ConfigurationException>(() => OfficialConfigReader.Parse(yaml, "wide.yaml"));
        Assert.Equal("model.params.unet_config.params.model_channels", refusal.Key);
        Assert.Contains("8192 is out of range", refusal.Message);
    }

    [Fact]
    public void Widths_within_range_that_multiply_past_the_parameter_limit_are_refused_with_the_estimate()
    {
        var yaml = Official.Replace("model_channels: 192", "model_channels: 1024", StringComparison.Ordinal)
            .Replace("channel_mult: [1, 2, 2, 4, 4]", "channel_mult: [4, 8, 8, 16, 16]", StringComparison.Ordinal);
        var config = Assert.Throws<ConfigurationException>(() => OfficialConfigReader.Parse(yaml, "deep.yaml"));
        Assert.Equal("model.params.unet_config.params.model_channels", config.Key);
        Assert.Contains("GiB for its weights and optimiser state", config.Message);
    }

    [Fact]
    public void The_estimate_counts_the_official_models_parameters_exactly()
    {
        var size = ModelSizeEstimate.Of(ConfigSource.Load("official"));
        Assert.Equal(294_973_828L, size.UNetParameters);
        Assert.Equal(83_653_863L, size.FirstStageParameters);
        Assert.Equal(34_163_628L, size.CondStageParameters);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("tiny")]
    public void The_estimate_equals_the_parameters_of_the_built_preset(string preset)
    {
        var config = ConfigSource.Load(preset);
        using var model = new SdSegModel(config);
        static long Count(TorchSharp.torch.nn.Module module) => module.parameters().Sum(p => p.numel());
        var size = ModelSizeEstimate.Of(config);
        Assert.Equal(Count(model.Model), size.UNetParameters);
        Assert.Equal(Count(model.FirstStageModel), size.FirstStageParameters);
        Assert.Equal(Count(model.CondStageModel), size.CondStageParameters);
    }

    [Fact]
    public void A_baseline_image_size_of_a_million_pixels_a_side_is_refused()
    {
        var yaml = new StringBuilder(BaselineConfigSource.PresetText("unet"))
            .Replace("image_size: 128", "image_size: 1048576").ToString();
        var refusal = Assert.Throws<ConfigurationException>(() => UNet2dConfigYaml.Parse(yaml, "huge.yaml"));
        Assert.Equal("model.image_size", refusal.Key);
    }
}
