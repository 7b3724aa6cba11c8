using SdSeg.Engine.Execution;
using SdSeg.Engine.Runs;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Engine.Tests.Training;

namespace SdSeg.Engine.Tests.Execution;

public sealed class RunExecutorTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_hand_written_train_spec_runs_and_a_predict_spec_scores_the_test_subset()
    {
        var data = TrainingFixtures.Dataset(_temp.Path("data"));
        var train = new RunDirectory(_temp.Path("train"));
        Directory.CreateDirectory(train.Path);
        File.WriteAllText(train.SpecFile, $$"""
            { "kind": "Train", "config": "tiny", "data": "{{data}}", "steps": 2, "batchSize": 2, "seed": 1, "device": "cpu" }
            """);

        Assert.Equal("completed", new RunExecutor().Execute(train));
        Assert.True(File.Exists(train.ModelWeightsFile));
        Assert.Contains(train.ReadProgress().Events, e => e.Phase == "validation");

        var predict = new RunDirectory(_temp.Path("predict"));
        predict.WriteSpec(new RunSpec { Kind = RunKind.Predict, Model = train.Path, Data = Path.Combine(train.Path, "dataset"), Subset = "test", Device = "cpu" });

        Assert.Equal("completed", new RunExecutor().Execute(predict));

        var testStems = File.ReadAllLines(Path.Combine(train.Path, "split", "test.txt")).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(testStems);
        Assert.All(testStems, s => Assert.True(File.Exists(Path.Combine(predict.PredictionsFolder, s + ".png")), s));
        var rows = File.ReadAllLines(predict.MetricsFile);
        Assert.Equal(testStems.Count + 1, rows.Length);
        Assert.True(File.Exists(predict.ResultFile));
        Assert.Equal("done", predict.ReadProgress().Events[^1].Phase);
        // The dataset's masks folder holds every subset's ground truth: only the test subset's counts, none is reported missing.
        var result = File.ReadAllText(predict.ResultFile);
        var otherStems = File.ReadAllLines(Path.Combine(train.Path, "split", "train.txt")).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(otherStems);
        Assert.All(otherStems, s => Assert.DoesNotContain($"\"{s}\"", result, StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_engine_is_refused_while_another_holds_the_run_directory()
    {
        var run = new RunDirectory(_temp.Path("run"));
        run.WriteSpec(new RunSpec { Kind = RunKind.Predict, Model = "missing.safetensors" });

        using (EngineLock.Acquire(run.Path))
        {
            Assert.True(EngineLock.IsHeld(run.Path));
            var error = Assert.Throws<InvalidOperationException>(() => new RunExecutor().Execute(run));
            Assert.Contains("Another engine", error.Message);
            Assert.False(File.Exists(run.ProgressFile), "the refused engine must not write into the run");
        }

        Assert.False(EngineLock.IsHeld(run.Path));
        // Free again: this engine runs (and fails on its spec, which is what this spec is for).
        Assert.Throws<InvalidDataException>(() => new RunExecutor().Execute(run));
    }

    [Fact]
    public void A_spec_without_data_fails_with_a_clear_message_and_a_failed_event()
    {
        var run = new RunDirectory(_temp.Path("run"));
        run.WriteSpec(new RunSpec { Kind = RunKind.Predict, Model = "missing.safetensors" });

        var error = Assert.Throws<InvalidDataException>(() => new RunExecutor().Execute(run));

        Assert.Contains("names no input", error.Message);
        Assert.Equal("failed", run.ReadProgress().Events[^1].Phase);
    }
}
