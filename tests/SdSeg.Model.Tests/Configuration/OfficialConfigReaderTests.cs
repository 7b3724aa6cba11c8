using System.Text.Json;
using SdSeg.Model.Configuration;

namespace SdSeg.Model.Tests.Configuration;

public class OfficialConfigReaderTests
{
    static string Official => ConfigSource.PresetText("official");

    [Fact]
    public void OfficialPresetHasThePapersKsegValues()
    {
        var c = ConfigSource.Load("official");
        Assert.Equal(1e-5, c.BaseLearningRate);
        Assert.Equal(OfficialTargets.SdSeg, c.ModelTarget);
        Assert.Equal((0.0015, 0.0155, 1000), (c.LinearStart, c.LinearEnd, c.Timesteps));
        Assert.Equal(("l1", "eps", "concat"), (c.LossType, c.Parameterization, c.ConditioningKey));
        Assert.Equal((32, 4, 256), (c.ImageSize, c.Channels, c.PixelSize));
        Assert.True(c.CondStageTrainable && c.ScaleByStd && c.UseEma && c.LoadOnlyUnet && c.UseScheduler);
        Assert.Equal("models/ldm/lsun_churches256/model.ckpt", c.CkptPath);
        Assert.Equal((10000, 1e-6, 1.0, 1.0, 1e13), (c.WarmUpSteps, c.WarmUpFStart, c.FMax, c.FMin, c.CycleLength));
        Assert.Equal((8, 4, 192, 2, 8, 0.2), (c.UNet.InChannels, c.UNet.OutChannels, c.UNet.ModelChannels, c.UNet.NumResBlocks, c.UNet.NumHeads, c.UNet.Dropout));
        Assert.Equal([1, 2, 4, 8], c.UNet.AttentionResolutions);
        Assert.Equal([1, 2, 2, 4, 4], c.UNet.ChannelMult);
        Assert.True(c.UNet.UseScaleShiftNorm && c.UNet.ResblockUpdown);
        Assert.Equal((4, 128, 256, 0.0), (c.FirstStage.EmbedDim, c.FirstStage.DdConfig.Ch, c.FirstStage.DdConfig.Resolution, c.FirstStage.DdConfig.Dropout));
        Assert.Equal([1, 2, 4, 4], c.FirstStage.DdConfig.ChMult);
        Assert.Equal("models/first_stage_models/kl-f8/model.ckpt", c.FirstStage.CkptPath);
        Assert.Equal((4, 0.2, "models/first_stage_models/kl-f8/model.ckpt"), (c.CondStage.EmbedDim, c.CondStage.DdConfig.Dropout, c.CondStage.CkptPath));
    }

    [Theory]
    [InlineData("official", 256)]
    [InlineData("small", 64)]
    [InlineData("tiny", 32)]
    public void EachPresetLoadsAndRoundTrips(string preset, int pixels)
    {
        var config = ConfigSource.Load(preset);
        Assert.Equal(pixels, config.PixelSize);

        string written = OfficialConfigWriter.Write(config);
        var reread = OfficialConfigReader.Parse(written, $"{preset} (written)");

        Assert.Equal(JsonSerializer.Serialize(config), JsonSerializer.Serialize(reread));
        Assert.Equal(written, OfficialConfigWriter.Write(reread));
    }

    [Fact]
    public void RoundTripKeepsNonDefaultValues()
    {
        var config = ConfigSource.Load("tiny") with
        {
            BaseLearningRate = 3.5e-7, LossType = "l2", ScaleByStd = false, ScaleFactor = 0.18215, UseEma = false,
            IgnoreKeys = ["scale_factor"], CkptPath = null, Monitor = "val/loss", LSegWeight = 0.0, WeightDecay = 0.05,
            WarmUpSteps = 7, CycleLength = 123.5,
        };
        var reread = OfficialConfigReader.Parse(OfficialConfigWriter.Write(config), "written");
        Assert.Equal(JsonSerializer.Serialize(config), JsonSerializer.Serialize(reread));
    }

    [Fact]
    public void ModelSubtreeAloneAndOfficialRunSectionsAreAccepted()
    {
        // The model subtree without the 'model:' root, as the official code passes config.model around.
        string subtree = string.Join('\n', Official.Split('\n').SkipWhile(l => !l.StartsWith("model:")).Skip(1)
            .TakeWhile(l => l.StartsWith("  ") || l.Length == 0).Select(l => l.Length >= 2 ? l[2..] : l));
        Assert.Equal(192, OfficialConfigReader.Parse(subtree, "subtree").UNet.ModelChannels);

        string run = Official + """
            data:
              target: main.DataModuleFromConfig
              params:
                batch_size: 4
                train:
                  target: ldm.data.kseg.KSEGTrain
                  params:
                    size: 256
            lightning:
              trainer:
                benchmark: True
            """;
        Assert.Equal(256, OfficialConfigReader.Parse(run, "run.yaml").PixelSize);
        var wrongSize = Assert.Throws<ConfigurationException>(() => OfficialConfigReader.Parse(run.Replace("size: 256", "size: 128"), "run.yaml"));
        Assert.Equal("data.params.train.params.size", wrongSize.Key);
    }

    [Fact]
    public void OfficialDefaultsApplyToAbsentKeys()
    {
        // The official UNet defaults use_scale_shift_norm and resblock_updown to False.
        var c = OfficialConfigReader.Parse(Official.Replace("        use_scale_shift_norm: true\n", "").Replace("        resblock_updown: true\n", ""), "x.yaml");
        Assert.False(c.UNet.UseScaleShiftNorm);
        Assert.False(c.UNet.ResblockUpdown);
    }

    [Fact]
    public void UnknownKeyIsAnErrorNamingKeyAndFile()
    {
        var ex = Assert.Throws<ConfigurationException>(() =>
            OfficialConfigReader.Parse(Official.Replace("        num_heads: 8\n", "        num_heads: 8\n        num_hedas: 4\n"), "configs/mine.yaml"));
        Assert.Equal("model.params.unet_config.params.num_hedas", ex.Key);
        Assert.Equal("configs/mine.yaml", ex.Source);
        Assert.Contains("configs/mine.yaml", ex.Message);
        Assert.Contains("num_hedas", ex.Message);
    }

    [Theory]
    [InlineData("        in_channels: 8\n", "        in_channels: 6\n", "model.params.unet_config.params.in_channels")]
    [InlineData("        out_channels: 4\n", "        out_channels: 3\n", "model.params.unet_config.params.out_channels")]
    [InlineData("        image_size: 32\n        in_channels", "        image_size: 16\n        in_channels", "model.params.unet_config.params.image_size")]
    [InlineData("        embed_dim: 4\n        monitor", "        embed_dim: 3\n        monitor", "model.params.first_stage_config.params.embed_dim")]
    [InlineData("    conditioning_key: \"concat\"", "    conditioning_key: \"crossattn\"", "model.params.conditioning_key")]
    [InlineData("    loss_type: l1", "    loss_type: huber", "model.params.loss_type")]
    [InlineData("    loss_type: l1", "    loss_type: l1\n    parameterization: x0", "model.params.parameterization")]
    [InlineData("          resolution: 256", "          resolution: 128", "model.params.first_stage_config.params.ddconfig.resolution")]
    [InlineData("        resolution: 256\n        in_channels: 3\n        out_ch: 3\n        ch: 128\n        ch_mult: [1, 2, 4, 4]\n        num_res_blocks: 2\n        attn_resolutions: []\n        dropout: 0.2",
                "        resolution: 512\n        in_channels: 3\n        out_ch: 3\n        ch: 128\n        ch_mult: [1, 2, 4, 4]\n        num_res_blocks: 2\n        attn_resolutions: []\n        dropout: 0.2",
                "model.params.cond_stage_config.params.resolution")]
    [InlineData("        model_channels: 192", "        model_channels: 100", "model.params.unet_config.params.model_channels")]
    [InlineData("          target: torch.nn.Identity", "          target: ldm.modules.losses.LPIPSWithDiscriminator", "model.params.first_stage_config.params.lossconfig.target")]
    [InlineData("    timesteps: 1000", "    timesteps: many", "model.params.timesteps")]
    [InlineData("        warm_up_steps: [10000]", "        warm_up_steps: [10000, 20000]", "model.params.scheduler_config.params.warm_up_steps")]
    public void ContradictoryOrUnsupportedValuesNameTheKey(string find, string replace, string key)
    {
        Assert.Contains(find, Official);
        var ex = Assert.Throws<ConfigurationException>(() => OfficialConfigReader.Parse(Official.Replace(find, replace), "bad.yaml"));
        Assert.Equal(key, ex.Key);
        Assert.StartsWith("bad.yaml: " + key + ": ", ex.Message);
    }

    [Fact]
    public void ConfigSourceResolvesPathsAndRejectsEverythingElse()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sdseg-config-{Guid.NewGuid():N}.yaml");
        try
        {
            OfficialConfigWriter.WriteFile(ConfigSource.Load("small"), path);
            Assert.Equal(64, ConfigSource.Load(path).UNet.ModelChannels);
            Assert.Equal(32, ConfigSource.Load("TINY").UNet.ModelChannels);
            var ex = Assert.Throws<FileNotFoundException>(() => ConfigSource.Load("huge"));
            Assert.Contains("official, small, tiny", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
