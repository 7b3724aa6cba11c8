using System.Diagnostics;

namespace SdSeg.Workbench.Tests.Runs;

/// <summary>What the run tests ask of the engine processes the scheduler starts and stops.</summary>
public static class Processes
{
    /// <summary>Whether the process <paramref name="processId"/> still runs.</summary>
    public static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
