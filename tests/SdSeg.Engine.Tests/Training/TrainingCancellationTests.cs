using SdSeg.Engine.Runs;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Engine.Training;
using SdSeg.Model.Baseline;

namespace SdSeg.Engine.Tests.Training;

/// <summary>A stop request always ends with a checkpoint and a "Cancelled" line, whenever it comes.</summary>
public sealed class TrainingCancellationTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_stop_during_validation_saves_a_checkpoint_and_the_unet_log_speaks_of_training_steps()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var configFile = _temp.Path("unet-tiny.yaml");
        File.WriteAllText(configFile, UNet2dConfigYaml.Write(UNet2dConfig.Tiny));
        var run = new RunDirectory(_temp.Path("run"));
        var options = TrainingFixtures.Options(data, steps: 6) with { Config = configFile };
        using var stop = new CancellationTokenSource();

        // Step 2's event comes right before its validation, which then sees the request at its first batch.
        var result = new TrainingPipeline(run, options, e => { if (e.Phase == "unet" && e.Step == 2) stop.Cancel(); }).Run(cancellation: stop.Token);

        Assert.Equal("cancelled", result.Status);
        Assert.Equal(2, TrainingRunState.Read(run.CheckpointsFolder)!.DenoiserSteps);
        var log = File.ReadAllText(run.LogFile);
        Assert.Contains("Cancelled at training step 2; checkpoint saved", log);
        Assert.DoesNotContain("denoiser", log);
        Assert.Equal("cancelled", TrainingFixtures.Events(run)[^1].Phase);

        var resumed = new TrainingPipeline(run, options).Run(resume: true);

        Assert.Equal("completed", resumed.Status);
        Assert.Equal(6, resumed.DenoiserSteps);
        Assert.Contains("at training step 2.", File.ReadAllText(run.LogFile));
    }
}
