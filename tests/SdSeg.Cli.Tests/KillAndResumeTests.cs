using System.Text.Json;
using SdSeg.Engine.Training;
using Xunit.Abstractions;

namespace SdSeg.Cli.Tests;

/// <summary>The crash users meet: the real <c>sdseg</c> process tree killed with SIGKILL mid-training, then <c>--resume</c>.</summary>
public sealed class KillAndResumeTests(ITestOutputHelper output) : IDisposable
{
    const int Steps = 40;
    const int CheckpointEvery = 10;
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_training_run_killed_with_sigkill_resumes_from_its_last_checkpoint_and_finishes()
    {
        string data = EngineProcesses.WriteDataset(_temp.Folder("data"), count: 8);
        string run = _temp.File("run");
        string checkpoints = Path.Combine(run, "checkpoints");

        using (var first = EngineProcesses.Start(false, "train", "--config", "tiny", "--data", data, "--out", run, "--steps", Steps.ToString(),
                   "--val-every", CheckpointEvery.ToString(), "--batch-size", "2", "--device", "cpu", "--seed", "3"))
        {
            // Kill once a checkpoint exists and training has gone past it, so the resume must redo steps.
            var deadline = DateTime.UtcNow.AddMinutes(4);
            long checkpointed = 0;
            while (!first.HasExited && DateTime.UtcNow < deadline)
            {
                checkpointed = TrainingRunState.Read(checkpoints)?.DenoiserSteps ?? 0;
                if (checkpointed > 0 && LastDenoiserStep(run) > checkpointed + 2)
                    break;
                await Task.Delay(50);
            }
            Assert.False(first.HasExited, $"The run ended before it could be killed:\n{File.ReadAllText(Path.Combine(run, "log.txt"))}");
            Assert.InRange(checkpointed, 1, Steps - 1);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            output.WriteLine($"Killed at denoiser step {LastDenoiserStep(run)}, last checkpoint at {TrainingRunState.Read(checkpoints)!.DenoiserSteps}.");
        }
        long resumeFrom = TrainingRunState.Read(checkpoints)!.DenoiserSteps;
        Assert.False(File.Exists(Path.Combine(run, "model.safetensors")), "a killed run has no final model yet");

        using var second = EngineProcesses.Start(false, "train", "--resume", run);
        await second.WaitForExitAsync();
        string log = File.ReadAllText(Path.Combine(run, "log.txt"));
        output.WriteLine(log);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains($"at denoiser step {resumeFrom}.", log);
        Assert.True(File.Exists(Path.Combine(run, "model.safetensors")));
        var done = Events(run).Last();
        Assert.Equal("done", done.GetProperty("phase").GetString());
        Assert.Equal(Steps, done.GetProperty("step").GetInt64());
        Assert.Equal(Steps, TrainingResult.Read(Path.Combine(run, "result.json")).DenoiserSteps);
    }

    static IEnumerable<JsonElement> Events(string run)
    {
        var file = Path.Combine(run, "progress.jsonl");
        if (!File.Exists(file))
            yield break;
        foreach (var line in EngineProcesses.Read(file).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonElement element;
            try { element = JsonDocument.Parse(line).RootElement.Clone(); }
            catch (JsonException) { continue; } // the line being written
            yield return element;
        }
    }

    static long LastDenoiserStep(string run) =>
        Events(run).Where(e => e.GetProperty("phase").GetString() == "denoiser").Select(e => e.GetProperty("step").GetInt64()).DefaultIfEmpty(0).Max();
}
