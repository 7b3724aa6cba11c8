using System.Diagnostics;
using System.Text.Json;
using SdSeg.Engine.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
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
        string data = WriteDataset(_temp.Folder("data"), count: 8);
        string run = _temp.File("run");
        string checkpoints = Path.Combine(run, "checkpoints");

        using (var first = Start("train", "--config", "tiny", "--data", data, "--out", run, "--steps", Steps.ToString(),
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

        using var second = Start("train", "--resume", run);
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

    static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sdseg.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        // Drain the pipes so a chatty progress bar never blocks the child; the run's log.txt is what the test reads.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static IEnumerable<JsonElement> Events(string run)
    {
        var file = Path.Combine(run, "progress.jsonl");
        if (!File.Exists(file))
            yield break;
        string text;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
            text = reader.ReadToEnd();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonElement element;
            try { element = JsonDocument.Parse(line).RootElement.Clone(); }
            catch (JsonException) { continue; } // the line being written
            yield return element;
        }
    }

    static long LastDenoiserStep(string run) =>
        Events(run).Where(e => e.GetProperty("phase").GetString() == "denoiser").Select(e => e.GetProperty("step").GetInt64()).DefaultIfEmpty(0).Max();

    static string WriteDataset(string folder, int count)
    {
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        Directory.CreateDirectory(Path.Combine(folder, "masks"));
        for (int i = 0; i < count; i++)
        {
            TinyModels.WriteImage(Path.Combine(folder, "images", $"s{i}.png"), 40, 40, seed: i);
            using var mask = new Image<L8>(40, 40);
            int cx = 12 + 2 * i, cy = 20, r = 6 + i % 4;
            for (int y = 0; y < 40; y++)
                for (int x = 0; x < 40; x++)
                    mask[x, y] = new L8((byte)((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r ? 255 : 0));
            mask.SaveAsPng(Path.Combine(folder, "masks", $"s{i}.png"));
        }
        return folder;
    }
}
