using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;
using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Checkpoints;

public class SdSegModelCheckpointTests
{
    [Fact]
    public void TinyModelWithEmaRoundTripsThroughSafetensorsInTheOfficialLayout()
    {
        var config = ConfigSource.Load("tiny");
        manual_seed(1);
        using var trained = new SdSegModel(config);
        using var ema = new EmaWeights(trained.Model);
        ema.Update(trained.Model);
        trained.ScaleFactor = 0.125;

        var full = trained.state_dict().Concat(ema.CheckpointStateDict()).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Contains("model_ema.diffusion_modelinput_blocks00weight", full.Keys);
        Assert.Contains("model.diffusion_model.input_blocks.0.0.weight", full.Keys);
        Assert.Equal(trained.Model.named_parameters().Count() + 2, full.Keys.Count(k => k.StartsWith("model_ema.")));

        using var file = new TempFile(".safetensors");
        SafetensorsCheckpoint.Save(file.Path, full, new Dictionary<string, string> { ["sdseg.config_yaml"] = OfficialConfigWriter.Write(config) });

        manual_seed(2);
        using var restored = new SdSegModel(OfficialConfigReader.Parse(SafetensorsCheckpoint.ReadMetadata(file.Path)["sdseg.config_yaml"], "metadata"));
        var loaded = SafetensorsCheckpoint.Load(file.Path);
        var report = StateDictLoader.Load(restored, loaded, StateDictLoadOptions.OfficialWithoutEma, file.Path);
        Assert.Equal(trained.state_dict().Count, report.Loaded.Count);
        Assert.Equal(full.Keys.Count(k => k.StartsWith("model_ema.")), report.AllowedUnexpected.Count);
        using var restoredEma = new EmaWeights(restored.Model);
        restoredEma.LoadFrom(loaded);

        Assert.Equal(0.125, restored.ScaleFactor);
        foreach (var (key, value) in trained.state_dict())
            Assert.True(value.BitEqual(restored.state_dict()[key]), key);
        foreach (var (key, value) in ema.state_dict())
            Assert.True(value.BitEqual(restoredEma.state_dict()[key]), key);

        // Without the EMA allowance the same file is refused, naming the EMA keys.
        using var strict = new SdSegModel(config);
        var ex = Assert.Throws<CheckpointMismatchException>(() => StateDictLoader.Load(strict, loaded));
        Assert.Contains("model_ema.decay", ex.Report.Unexpected);
    }
}
