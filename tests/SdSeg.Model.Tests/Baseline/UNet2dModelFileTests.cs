using SdSeg.Model.Baseline;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Networks;
using SdSeg.Model.Tests.Checkpoints;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Baseline;

public class UNet2dModelFileTests
{
    [Fact]
    public void Save_and_load_round_trip_is_bit_exact_with_the_config()
    {
        var config = BaselineFixtures.Tiny with { Norm = "batch", Upsample = "transposed" };
        var (images, masks) = BaselineFixtures.Pairs(4);
        using var model = UNet2d.Create(config, seed: 8);
        using (var trainer = new UNet2dTrainer(model, CPU, BaselineFixtures.Options(config)))
            trainer.Step(images, masks); // moves the BatchNorm running statistics off their start
        using var file = new TempFile(".safetensors");
        UNet2dModelFile.Save(file.Path, model, new Dictionary<string, string> { ["sdseg.step"] = "1" });

        using var loaded = UNet2dModelFile.Load(file.Path);
        Assert.Equal(config, loaded.Config);
        var expected = BaselineFixtures.Snapshot(model);
        var actual = BaselineFixtures.Snapshot(loaded);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(actual, kv => Assert.True(kv.Value.BitEqual(expected[kv.Key]), kv.Key));
        using var a = new UNet2dSegmenter(model, CPU).Segment(images);
        using var b = new UNet2dSegmenter(loaded, CPU).Segment(images);
        Assert.True(a.Soft.BitEqual(b.Soft));
        Assert.Equal("1", SafetensorsCheckpoint.ReadMetadata(file.Path)["sdseg.step"]);
    }

    [Fact]
    public void Detect_tells_baseline_from_sdseg_files()
    {
        using var baselineFile = new TempFile(".safetensors");
        using (var model = new UNet2d(BaselineFixtures.Tiny))
            UNet2dModelFile.Save(baselineFile.Path, model);
        using var sdsegFile = new TempFile(".safetensors");
        using (var model = new SdSegModel(Training.TrainingFixtures.Tiny))
            SdSegModelFile.Save(sdsegFile.Path, model);
        using var bareOfficial = new TempFile(".safetensors");
        SafetensorsCheckpoint.Save(bareOfficial.Path, new Dictionary<string, Tensor> { ["model.diffusion_model.out.2.bias"] = zeros(4) });

        Assert.Equal(SegmentationModelKind.UNet2dBaseline, SegmentationModelFile.Detect(baselineFile.Path));
        Assert.Equal(SegmentationModelKind.SdSeg, SegmentationModelFile.Detect(sdsegFile.Path));
        Assert.Equal(SegmentationModelKind.SdSeg, SegmentationModelFile.Detect(bareOfficial.Path));
        var error = Assert.Throws<InvalidDataException>(() => UNet2dModelFile.Load(sdsegFile.Path));
        Assert.Contains("not a baseline U-Net file", error.Message);
    }

    [Fact]
    public void A_file_that_is_neither_is_a_clear_error()
    {
        using var file = new TempFile(".safetensors");
        SafetensorsCheckpoint.Save(file.Path, new Dictionary<string, Tensor> { ["encoder.weight"] = zeros(2) });
        var error = Assert.Throws<InvalidDataException>(() => SegmentationModelFile.Detect(file.Path));
        Assert.Contains("neither an SDSeg model", error.Message);
        Assert.Contains(UNet2dModelFile.ConfigMetadataKey, error.Message);
        using var text = new TempFile(".safetensors");
        File.WriteAllText(text.Path, "not a model at all");
        Assert.Throws<InvalidDataException>(() => SegmentationModelFile.Detect(text.Path));
    }

    [Fact]
    public void A_baseline_file_with_a_missing_tensor_is_refused()
    {
        using var file = new TempFile(".safetensors");
        using var model = new UNet2d(BaselineFixtures.Tiny);
        var tensors = model.state_dict().Where(kv => kv.Key != "out.bias").ToDictionary(kv => kv.Key, kv => kv.Value);
        SafetensorsCheckpoint.Save(file.Path, tensors, new Dictionary<string, string> { [UNet2dModelFile.ConfigMetadataKey] = UNet2dConfigYaml.Write(model.Config) });
        var error = Assert.Throws<CheckpointMismatchException>(() => UNet2dModelFile.Load(file.Path));
        Assert.Contains("out.bias", error.Message);
    }
}
