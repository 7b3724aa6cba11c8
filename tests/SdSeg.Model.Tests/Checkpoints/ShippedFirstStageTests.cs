using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;
using SdSeg.Model.Tests.Training;
using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Checkpoints;

public class ShippedFirstStageTests
{
    [Fact]
    public void The_shipped_autoencoder_is_small_and_fits_the_small_preset_only()
    {
        Assert.NotNull(ShippedFirstStage.WeightsFile);
        Assert.True(new FileInfo(ShippedFirstStage.WeightsFile!).Length < 10_000_000);
        Assert.True(ShippedFirstStage.Fits(ConfigSource.Load("small").FirstStage));
        Assert.False(ShippedFirstStage.Fits(ConfigSource.Load("tiny").FirstStage));
        Assert.False(ShippedFirstStage.Fits(ConfigSource.Load("official").FirstStage));
        Assert.Contains("pretrain-first-stage", ShippedFirstStage.Metadata["sdseg.first_stage.made_by"]);
    }

    [Fact]
    public void The_shipped_autoencoder_reconstructs_masks_it_never_saw()
    {
        using var scope = NewDisposeScope();
        var config = ConfigSource.Load("small");
        using var model = new SdSegModel(config);
        InitialWeightsImporter.ImportAutoencoderFile(model, ShippedFirstStage.WeightsFile!, intoCondStage: false);
        // Discs at random places, unlike anything drawn with the pretraining seed.
        var (_, masks) = SyntheticPairs.Make(8, config.PixelSize, seed: 123);

        var scores = MaskAutoencoderTrainer.Reconstruction(model.FirstStageModel, masks, CPU);

        Assert.True(scores.Dice > 0.93, $"reconstruction Dice {scores.Dice:F4}");
    }
}
