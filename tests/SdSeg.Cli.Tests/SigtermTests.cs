using System.Runtime.InteropServices;
using SdSeg.Engine.Execution;
using SdSeg.Engine.Training;
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
        string data = EngineProcesses.WriteDataset(_temp.Folder("data"), count: 8);
        string run = _temp.File("run");
        string log = Path.Combine(run, "log.txt");
        string checkpoints = Path.Combine(run, "checkpoints");
        using var engine = EngineProcesses.Start(settingsSet, "train", "--config", "tiny", "--data", data, "--out", run, "--steps", "40",
            "--val-every", "5", "--batch-size", "2", "--device", "cpu", "--seed", "3");

        bool Reached() => moment switch
        {
            "start" => File.Exists(log),
            "import" => EngineProcesses.Read(log).Contains("Dataset: importing", StringComparison.Ordinal),
            "first-stage" => EngineProcesses.Read(Path.Combine(run, "progress.jsonl")).Contains("\"first-stage\"", StringComparison.Ordinal),
            _ => (TrainingRunState.Read(checkpoints)?.DenoiserSteps ?? 0) > 0,
        };
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (!Reached() && !engine.HasExited && DateTime.UtcNow < deadline)
            await Task.Delay(moment == "denoiser" ? 50 : 5);
        Assert.False(engine.HasExited, $"The run ended before the {moment} moment:\n{EngineProcesses.Read(log)}");
        Assert.True(Reached(), $"The {moment} moment was not reached in time:\n{EngineProcesses.Read(log)}");

        Assert.Equal(0, SendSigterm(engine.Id));
        var stopped = engine.WaitForExitAsync();
        var finished = await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(60)));
        string text = EngineProcesses.Read(log);
        output.WriteLine(text);
        Assert.True(finished == stopped, $"sdseg was still running 60 s after SIGTERM ({moment}):\n{text}");

        Assert.Equal(130, engine.ExitCode);
        Assert.Contains("Cancelled", text);
        Assert.Contains("resume", text);
        Assert.NotNull(TrainingRunState.Read(checkpoints));
        Assert.False(EngineLock.IsHeld(run));
    }

    static int SendSigterm(int processId) => Kill(processId, 15);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
