using SdSeg.Engine.Datasets;
using SdSeg.Engine.Runs;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Engine.Training;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using static TorchSharp.torch;

namespace SdSeg.Engine.Tests.Training;

public sealed class TrainingPipelineTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_run_by_steps_writes_the_whole_contract()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var run = new RunDirectory(_temp.Path("run"));

        var result = new TrainingPipeline(run, TrainingFixtures.Options(data, steps: 4)).Run();

        Assert.Equal("completed", result.Status);
        Assert.Equal(4, result.DenoiserSteps);
        Assert.True(result.FirstStageTrained);
        Assert.Equal(1, result.FirstStageSteps);
        Assert.NotNull(result.BestValidationDice);
        Assert.InRange(result.BestValidationDice!.Value, 0, 1);
        Assert.True(File.Exists(Path.Combine(run.Path, "dataset", "dataset.json")), "the folder is imported into the run");
        Assert.True(File.Exists(Path.Combine(run.Path, "split", "train.txt")));

        var events = TrainingFixtures.Events(run);
        var steps = events.Where(e => e.Phase == "denoiser").ToList();
        Assert.Equal([1L, 2, 3, 4], steps.Select(e => e.Step));
        Assert.All(steps, e =>
        {
            Assert.Equal(["loss", "loss_seg", "loss_simple"], e.Losses!.Keys.Order());
            Assert.True(double.IsFinite(e.Losses["loss"]));
            Assert.NotNull(e.LearningRate);
            Assert.NotNull(e.EtaSeconds);
        });
        Assert.Contains(events, e => e.Phase == "first-stage" && e.Losses!.ContainsKey("reconstruction"));
        var validations = events.Where(e => e.Phase == "validation").ToList();
        Assert.Equal([2L, 4], validations.Select(e => e.Step));
        Assert.All(validations, e => Assert.InRange(e.ValidationDice!.Value, 0, 1));
        Assert.Equal("done", events[^1].Phase);

        foreach (var name in new[] { TrainingPipeline.BestModelFile, TrainingPipeline.LastModelFile, TrainingPipeline.LastStateFile })
            Assert.True(File.Exists(Path.Combine(run.CheckpointsFolder, name)), name);
        var config = OfficialConfigReader.ReadFile(run.ModelConfigFile);
        Assert.Equal(32, config.PixelSize);
        using var loaded = SdSegModelFile.Load(run.ModelWeightsFile);
        Assert.NotNull(loaded.Ema);
        var segmenter = new SingleStepSegmenter(loaded.ForInference(), CPU);
        using var noise = segmenter.DrawNoise(0);
        using var images = zeros(1, 3, 32, 32);
        using var output = segmenter.Segment(images, noise);
        Assert.Equal([1L, 32, 32], output.Mask.shape);

        var log = File.ReadAllText(run.LogFile);
        Assert.Contains("First stage", log);
        Assert.Contains("Validation at step 4", log);
        var written = TrainingResult.Read(run.ResultFile);
        Assert.Equal("completed", written.Status);
        Assert.Equal("model.safetensors", written.Model);
        Assert.Equal(8, written.TrainSamples);
    }

    [Fact]
    public void Split_proportions_are_taken_from_the_options_and_recorded()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"), count: 20);
        var run = new RunDirectory(_temp.Path("proportions"));
        var prepared = RunDatasetPreparer.Prepare(run, data, null, 0, new SplitProportions(0.5, 0.25, 0.25), new RunLog(run.LogFile));
        Assert.Equal((10, 5, 5), (prepared.Split.Train.Count, prepared.Split.Validation.Count, prepared.Split.Test.Count));
        Assert.Contains("proportions 0.5/0.25/0.25", File.ReadAllText(run.LogFile));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"), count: 20);
        string Split(string name, long seed)
        {
            var run = new RunDirectory(_temp.Path(name));
            var prepared = RunDatasetPreparer.Prepare(run, data, null, seed, null, new RunLog(run.LogFile));
            Assert.Equal(16, prepared.Split.Train.Count);
            return File.ReadAllText(Path.Combine(run.Path, "split", "train.txt")) + "|" + File.ReadAllText(Path.Combine(run.Path, "split", "test.txt"));
        }

        Assert.Equal(Split("a", 7), Split("b", 7));
        Assert.NotEqual(Split("c", 7), Split("d", 8));
    }

    [Fact]
    public void A_cancelled_run_saves_a_checkpoint_and_a_resume_reaches_the_step_count()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var run = new RunDirectory(_temp.Path("run"));
        using var cancel = new CancellationTokenSource();
        var options = TrainingFixtures.Options(data, steps: 6, validateEvery: 4);

        var first = new TrainingPipeline(run, options, e =>
        {
            if (e.Phase == "denoiser" && e.Step == 3) cancel.Cancel();
        }).Run(cancellation: cancel.Token);

        Assert.Equal("cancelled", first.Status);
        Assert.Equal(3, first.DenoiserSteps);
        Assert.Equal("cancelled", TrainingFixtures.Events(run)[^1].Phase);
        Assert.True(File.Exists(Path.Combine(run.CheckpointsFolder, TrainingPipeline.LastStateFile)));
        Assert.False(File.Exists(run.ModelWeightsFile), "a cancelled run has no final model");

        var second = new TrainingPipeline(run, options with { ValidateEvery = null }).Run(resume: true);

        Assert.Equal("completed", second.Status);
        Assert.Equal(6, second.DenoiserSteps);
        var steps = TrainingFixtures.Events(run).Where(e => e.Phase == "denoiser").Select(e => e.Step).ToList();
        Assert.Equal([1L, 2, 3, 4, 5, 6], steps);
        Assert.Contains("Loaded the trainer state of step 3", File.ReadAllText(run.LogFile));
        Assert.True(File.Exists(run.ModelWeightsFile));
    }

    [Fact]
    public void A_run_killed_without_a_clean_stop_resumes_from_its_last_checkpoint()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var run = new RunDirectory(_temp.Path("run"));
        var options = TrainingFixtures.Options(data, steps: 6, validateEvery: 2);

        Assert.Throws<SimulatedCrash>(() => new TrainingPipeline(run, options, e =>
        {
            if (e.Phase == "denoiser" && e.Step == 5) throw new SimulatedCrash();
        }).Run());
        Assert.False(File.Exists(run.ResultFile));

        var resumed = new TrainingPipeline(run, options).Run(resume: true);

        Assert.Equal("completed", resumed.Status);
        Assert.Equal(6, resumed.DenoiserSteps);
        Assert.Contains("Loaded the trainer state of step 4", File.ReadAllText(run.LogFile));
        using var loaded = SdSegModelFile.Load(run.ModelWeightsFile);
        Assert.NotNull(loaded.Ema);
    }

    [Fact]
    public void A_new_run_refuses_a_folder_that_already_has_checkpoints()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var run = new RunDirectory(_temp.Path("run"));
        new TrainingPipeline(run, TrainingFixtures.Options(data, steps: 2)).Run();

        var error = Assert.Throws<InvalidOperationException>(() => new TrainingPipeline(run, TrainingFixtures.Options(data, steps: 2)).Run());
        Assert.Contains("--resume", error.Message);
    }

    [Fact]
    public void An_import_error_stops_the_run_with_the_report_in_the_log()
    {
        var data = _temp.Path("broken");
        TrainingFixtures.Dataset(data, count: 4);
        File.WriteAllText(Path.Combine(data, "images", "case00.png"), "not a png");
        var run = new RunDirectory(_temp.Path("run"));

        Assert.ThrowsAny<Exception>(() => new TrainingPipeline(run, TrainingFixtures.Options(data, steps: 2)).Run());

        Assert.Contains("Import report", File.ReadAllText(run.LogFile));
        Assert.Equal("failed", TrainingFixtures.Events(run)[^1].Phase);
    }

    [Fact]
    public void The_time_split_adds_up_to_the_run_time()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var run = new RunDirectory(_temp.Path("run"));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = new TrainingPipeline(run, TrainingFixtures.Options(data, steps: 4)).Run();
        double wall = clock.Elapsed.TotalSeconds;

        Assert.Equal(result.TotalSeconds, result.SetupSeconds + result.FirstStageSeconds + result.DenoiserSeconds + result.ValidationSeconds, 0.05);
        Assert.True(result.SetupSeconds > 0 && result.FirstStageSeconds > 0 && result.DenoiserSeconds > 0 && result.ValidationSeconds > 0);
        // Every second of the run is in exactly one phase: no part counted twice, none left out beyond writing the result.
        Assert.InRange(result.TotalSeconds, wall * 0.8 - 0.5, wall);
        Assert.Contains($"time {result.TotalSeconds:F0} s = setup", File.ReadAllText(run.LogFile));
    }

    [Fact]
    public void Two_runs_with_the_same_seed_give_the_same_validation_Dice_and_weights()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        TrainingResult Train(string name) => new TrainingPipeline(new RunDirectory(_temp.Path(name)), TrainingFixtures.Options(data, steps: 4)).Run();

        var first = Train("first");
        var second = Train("second");

        Assert.Equal(first.BestValidationDice, second.BestValidationDice);
        using var a = SdSegModelFile.Load(new RunDirectory(_temp.Path("first")).ModelWeightsFile);
        using var b = SdSegModelFile.Load(new RunDirectory(_temp.Path("second")).ModelWeightsFile);
        var weightsB = b.Model.state_dict();
        foreach (var (key, value) in a.Model.state_dict())
            Assert.True(value.eq(weightsB[key]).all().item<bool>(), $"{key} differs between two runs with one seed");
    }

    [Fact]
    public void A_short_time_budget_still_gives_the_first_stage_its_minimum_steps()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var run = new RunDirectory(_temp.Path("run"));
        var options = TrainingFixtures.Options(data, steps: 1) with { Steps = null, TimeBudget = TimeSpan.FromSeconds(2), MinimumFirstStageSteps = 12, ValidateEvery = null };

        var result = new TrainingPipeline(run, options).Run();

        Assert.Equal("completed", result.Status);
        Assert.True(result.FirstStageSteps >= 12, $"the first stage got {result.FirstStageSteps} steps");
        Assert.Equal(FirstStageSources.TrainedOnDataset, result.FirstStageSource);
        Assert.NotNull(result.FirstStageReconstructionDice);
        Assert.Contains("at least 12 steps", File.ReadAllText(run.LogFile));
    }

    [Fact]
    public void Validation_scores_shuffled_pairs_and_the_constant_mask_beside_the_Dice()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var run = new RunDirectory(_temp.Path("run"));

        var result = new TrainingPipeline(run, TrainingFixtures.Options(data, steps: 2)).Run();

        Assert.NotNull(result.ConstantMaskValidationDice);
        Assert.NotNull(result.BestShuffledConditionDice);
        var validation = TrainingFixtures.Events(run).First(e => e.Phase == "validation");
        Assert.NotNull(validation.ShuffledValidationDice);
        Assert.Equal(result.ConstantMaskValidationDice, validation.ConstantMaskValidationDice);
        var log = File.ReadAllText(run.LogFile);
        Assert.Contains("Baseline: the constant mask", log);
        Assert.Contains("against other images' masks", log);
    }

    sealed class SimulatedCrash : Exception;
}
