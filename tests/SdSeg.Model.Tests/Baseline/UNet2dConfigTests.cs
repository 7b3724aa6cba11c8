using SdSeg.Model.Baseline;
using SdSeg.Model.Configuration;
using SdSeg.Model.Tests.Checkpoints;

namespace SdSeg.Model.Tests.Baseline;

public class UNet2dConfigTests
{
    [Fact]
    public void Written_yaml_reads_back_to_the_same_config()
    {
        foreach (var config in new[] { BaselineConfigSource.Load("unet"), UNet2dConfig.Tiny })
            Assert.Equal(config, UNet2dConfigYaml.Parse(UNet2dConfigYaml.Write(config), "test"));
    }

    [Fact]
    public void Baseline_configs_are_told_apart_from_sdseg_ones()
    {
        using var baselineFile = new TempFile(".yaml");
        File.WriteAllText(baselineFile.Path, UNet2dConfigYaml.Write(UNet2dConfig.Tiny));
        using var sdsegFile = new TempFile(".yaml");
        File.WriteAllText(sdsegFile.Path, ConfigSource.PresetText("tiny"));

        Assert.True(BaselineConfigSource.IsBaseline("unet"));
        Assert.True(BaselineConfigSource.IsBaseline(" UNet "));
        Assert.True(BaselineConfigSource.IsBaseline(baselineFile.Path));
        Assert.False(BaselineConfigSource.IsBaseline("tiny"));
        Assert.False(BaselineConfigSource.IsBaseline(sdsegFile.Path));
        Assert.False(BaselineConfigSource.IsBaseline("/no/such/file.yaml"));
        Assert.Equal(UNet2dConfig.Tiny, BaselineConfigSource.Load(baselineFile.Path));
        Assert.DoesNotContain("unet", ConfigSource.PresetNames);
    }

    [Theory]
    [InlineData("baseline: unet\nmodel:\n  widht: 3\n", "widht")]
    [InlineData("baseline: unet\nmodel:\n  image_size: 100\n", "model.image_size")]
    [InlineData("baseline: unet\nmodel:\n  norm: layer\n", "model.norm")]
    [InlineData("baseline: unet\nmodel:\n  upsample: bilinear\n", "model.upsample")]
    [InlineData("baseline: unet\nmodel:\n  norm: group\n  norm_groups: 5\n", "model.norm_groups")]
    [InlineData("baseline: unet\ntraining:\n  learning_rate: -1\n", "training.learning_rate")]
    [InlineData("baseline: segformer\n", "baseline")]
    [InlineData("model:\n  image_size: 128\n", "baseline")]
    public void Bad_settings_are_errors_naming_the_key(string yaml, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => UNet2dConfigYaml.Parse(yaml, "my.yaml"));
        Assert.Contains(key, error.Message);
        Assert.StartsWith("my.yaml", error.Message);
    }

    [Fact]
    public void Absent_keys_take_the_preset_values()
    {
        var config = UNet2dConfigYaml.Parse("baseline: unet\nmodel:\n  base_channels: 8\n", "test");
        Assert.Equal(BaselineConfigSource.Load("unet") with { BaseChannels = 8 }, config);
    }
}
