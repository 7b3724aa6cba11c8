using System.Diagnostics;
using System.Runtime.InteropServices;
using SdSeg.Engine.Execution;

namespace SdSeg.Cli;

/// <summary>
/// Makes sure <c>sdseg</c> runs with <see cref="EngineProcessSettings.Required"/>: when a setting is missing it relaunches
/// itself once with them, forwarding its arguments, console, exit code and SIGTERM.
/// </summary>
public static class EngineEnvironment
{
    /// <summary>Set in the relaunched process so it never relaunches again.</summary>
    public const string RelaunchedMarker = "SDSEG_RELAUNCHED";

    /// <summary>Set to 1 to run without relaunching (the settings below then apply only if the caller set them).</summary>
    public const string NoRelaunchVariable = "SDSEG_NO_RELAUNCH";

    /// <summary>True when this process lacks a required setting and may relaunch itself.</summary>
    public static bool NeedsRelaunch() =>
        Environment.GetEnvironmentVariable(RelaunchedMarker) is null
        && Environment.GetEnvironmentVariable(NoRelaunchVariable) != "1"
        && OperatingSystem.IsLinux()
        && !EngineProcessSettings.CurrentProcessHasThem();

    /// <summary>Runs this program again with the required environment and returns its exit code.</summary>
    public static async Task<int> RelaunchAsync(string[] args, StopSignals stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        var start = new ProcessStartInfo { UseShellExecute = false };
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(EngineEnvironment).Assembly.Location);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in EngineProcessSettings.Required)
            start.Environment[key] = value;
        start.Environment[RelaunchedMarker] = "1";

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
        // Ctrl+C reaches the whole foreground process group, the child included: the parent only waits for it.
        // SIGTERM (e.g. the workbench cancelling a run) is sent to this process alone, so each one is passed on, including
        // one that arrived while the child was being started.
        int childId = child.Id;
        stop.ForwardTo(signal =>
        {
            if (signal == PosixSignal.SIGTERM)
                _ = Kill(childId, SigTerm);
        });
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    /// <summary>
    /// In a relaunched process: asks the kernel to send SIGTERM when the launching process dies, so killing the visible
    /// <c>sdseg</c> (even with SIGKILL) never leaves the engine running on its own. (Seen here: the engine then ends
    /// without a clean stop; its last checkpoint is intact and <c>--resume</c> continues from it.)
    /// </summary>
    public static void FollowLauncher()
    {
        if (Environment.GetEnvironmentVariable(RelaunchedMarker) != "1" || !OperatingSystem.IsLinux())
            return;
        _ = Prctl(PrSetPdeathsig, SigTerm, 0, 0, 0);
    }

    const int SigTerm = 15;
    const int PrSetPdeathsig = 1;

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    static extern int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
