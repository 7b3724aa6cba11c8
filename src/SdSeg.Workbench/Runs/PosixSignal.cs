using System.Runtime.InteropServices;

namespace SdSeg.Workbench.Runs;

/// <summary>Sends SIGTERM, which the engine turns into a clean stop after a checkpoint (.NET's Process has no way to send it).</summary>
internal static class PosixSignal
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>Asks a process to stop; false when it is already gone or the platform has no signals.</summary>
    public static bool Terminate(int processId)
    {
        if (OperatingSystem.IsWindows())
            return false;
        return Kill(processId, SigTerm) == 0;
    }

    /// <summary>SIGKILL, for a process that is not this app's child (Process.Kill only reaches children it started).</summary>
    public static bool Kill(int processId)
    {
        if (OperatingSystem.IsWindows())
            return false;
        return Kill(processId, SigKill) == 0;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
