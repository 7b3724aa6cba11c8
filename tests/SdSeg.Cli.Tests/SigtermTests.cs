using System.Diagnostics;
using System.Runtime.InteropServices;
using SdSeg.Engine.Execution;
using SdSeg.Engine.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace SdSeg.Cli.Tests;

/// <summary>
/// What the workbench does to stop a run: SIGTERM to the real <c>sdseg</c> process, at several moments of a training run,
/// both as a plain start (which relaunches itself and passes the signal on) and with the engine settings already set (no
/// relaunch, as the workbench starts it). Every stop must end with a checkpoint, a "Cancelled" line and exit code 130.
/// </summary>
public sealed class SigtermTests(ITestOutputHelper output) : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("start", false)]
    [InlineData("import", false)]
    [InlineData("first-stage", false)]
    [InlineData("denoiser", false)]
    [InlineData("start", true)]
    [InlineData("denoiser", true)]
    public async Task Sigterm_stops_the_training_with_a_checkpoint(string moment, bool settingsSet)
    {
        string data = WriteDataset(_temp.Folder("data"), count: 8);
        string run = _temp.File("run");
        string log = Path.Combine(run, "log.txt");
        string checkpoints = Path.Combine(run, "checkpoints");
        using var engine = Start(settingsSet, "train", "--config", "tiny", "--data", data, "--out", run, "--steps", "40",
            "--val-every", "5", "--batch-size", "2", "--device", "cpu", "--seed", "3");

        bool Reached() => moment switch
        {
            "start" => File.Exists(log),
            "import" => Read(log).Contains("Dataset: importing", StringComparison.Ordinal),
            "first-stage" => Read(Path.Combine(run, "progress.jsonl")).Contains("\"first-stage\"", StringComparison.Ordinal),
            _ => (TrainingRunState.Read(checkpoints)?.DenoiserSteps ?? 0) > 0,
        };
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (!Reached() && !engine.HasExited && DateTime.UtcNow < deadline)
            await Task.Delay(moment == "denoiser" ? 50 : 5);
        Assert.False(engine.HasExited, $"The run ended before the {moment} moment:\n{Read(log)}");
        Assert.True(Reached(), $"The {moment} moment was not reached in time:\n{Read(log)}");

        Assert.Equal(0, SendSigterm(engine.Id));
        var stopped = engine.WaitForExitAsync();
        var finished = await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(60)));
        string text = Read(log);
        output.WriteLine(text);
        Assert.True(finished == stopped, $"sdseg was still running 60 s after SIGTERM ({moment}):\n{text}");

        Assert.Equal(130, engine.ExitCode);
        Assert.Contains("Cancelled", text);
        Assert.Contains("resume", text);
        Assert.NotNull(TrainingRunState.Read(checkpoints));
        Assert.False(EngineLock.IsHeld(run));
    }

    static Process Start(bool settingsSet, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sdseg.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        if (settingsSet)
        {
            foreach (var (name, value) in EngineProcessSettings.Required)
                start.Environment[name] = value;
        }
        else
        {
            foreach (var name in EngineProcessSettings.Required.Keys)
                start.Environment.Remove(name);
        }
        start.Environment.Remove(EngineEnvironment.RelaunchedMarker);
        start.Environment.Remove(EngineEnvironment.NoRelaunchVariable);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static string Read(string file)
    {
        if (!File.Exists(file))
            return "";
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

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

    static int SendSigterm(int processId) => Kill(processId, 15);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
