using SdSeg.Engine.Prediction;
using SdSeg.Engine.Runs;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Engine.Training;
using SdSeg.Model.Baseline;
using static TorchSharp.torch;

namespace SdSeg.Engine.Tests.Training;

public sealed class BaselineTrainingPipelineTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_baseline_unet_trains_through_the_same_pipeline_and_contract()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var configFile = _temp.Path("unet-tiny.yaml");
        File.WriteAllText(configFile, UNet2dConfigYaml.Write(UNet2dConfig.Tiny));
        var run = new RunDirectory(_temp.Path("run"));

        var result = new TrainingPipeline(run, TrainingFixtures.Options(data, steps: 4) with { Config = configFile }).Run();

        Assert.Equal("completed", result.Status);
        Assert.Equal(4, result.DenoiserSteps);
        Assert.False(result.FirstStageTrained);
        var events = TrainingFixtures.Events(run);
        Assert.DoesNotContain(events, e => e.Phase == "first-stage");
        var steps = events.Where(e => e.Phase == "unet").ToList();
        Assert.Equal([1L, 2, 3, 4], steps.Select(e => e.Step));
        Assert.All(steps, e => Assert.Equal(["bce", "dice", "loss"], e.Losses!.Keys.Order()));
        Assert.Equal([2L, 4], events.Where(e => e.Phase == "validation").Select(e => e.Step));

        Assert.Equal(UNet2dConfig.Tiny.ImageSize, UNet2dConfigYaml.ReadFile(run.ModelConfigFile).ImageSize);
        Assert.Equal(SegmentationModelKind.UNet2dBaseline, SegmentationModelFile.Detect(run.ModelWeightsFile));
        using var loaded = SegmenterLoader.Load(run.ModelWeightsFile, config: null, CPU, new SamplingOptions());
        int size = loaded.Segmenter.PixelSize;
        using var images = zeros(2, 3, size, size);
        using var output = loaded.Segmenter.Segment(images);
        Assert.Equal([2L, size, size], output.Mask.shape);
        Assert.Contains("baseline U-Net", File.ReadAllText(run.LogFile));
    }

    [Fact]
    public void Sdseg_sampling_options_are_refused_for_the_baseline()
    {
        var file = _temp.Path("unet.safetensors");
        using var model = UNet2d.Create(UNet2dConfig.Tiny, seed: 1);
        UNet2dModelFile.Save(file, model);
        var error = Assert.Throws<ArgumentException>(() => SegmenterLoader.Load(file, null, CPU, new SamplingOptions { Samples = 3 }));
        Assert.Contains("baseline U-Net", error.Message);
    }
}
