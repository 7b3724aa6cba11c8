using SdSeg.Catalog.Runs;

namespace SdSeg.Workbench.Runs;

/// <summary>How an engine process ended, in catalog terms.</summary>
public sealed record RunOutcome(RunStatus Status, string? Error)
{
    /// <summary>The engine's exit code for a run stopped by SIGTERM/SIGINT after its checkpoint.</summary>
    public const int CancelledExitCode = 130;

    /// <summary>Decides the status from the exit code, what was asked of the run, and the engine's last words.</summary>
    public static RunOutcome From(int exitCode, bool cancelRequested, bool appStopping, RunProgress progress, string? lastErrorLine)
    {
        if (exitCode == 0 && progress.Phase != "cancelled")
            return new(RunStatus.Succeeded, null);
        if (appStopping)
            return new(RunStatus.Interrupted, "The workbench stopped while the run was running; resume it to continue from its last checkpoint.");
        if (cancelRequested || exitCode == CancelledExitCode || progress.Phase == "cancelled")
            return new(RunStatus.Cancelled, null);
        var reason = progress.Phase == "failed" && progress.Message is { Length: > 0 } message ? message
            : lastErrorLine is { Length: > 0 } line ? line
            : exitCode > 128 ? $"The engine process was killed by signal {exitCode - 128} (exit code {exitCode}); see log.txt."
            : $"The engine process exited with code {exitCode}; see log.txt.";
        return new(RunStatus.Failed, reason);
    }
}
