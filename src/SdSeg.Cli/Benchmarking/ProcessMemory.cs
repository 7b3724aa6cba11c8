namespace SdSeg.Cli.Benchmarking;

/// <summary>The process's peak resident set size from <c>/proc/self/status</c> (Linux).</summary>
public static class ProcessMemory
{
    /// <summary>VmHWM in MiB, or null where /proc is not available.</summary>
    public static double? PeakRssMiB()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        foreach (string line in File.ReadLines(status))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 2 && long.TryParse(parts[1], out long kib) ? kib / 1024.0 : null;
        }
        return null;
    }

    /// <summary>
    /// Resets VmHWM to the current resident size (writing 5 to <c>/proc/self/clear_refs</c>, Linux 4.0+), so the next
    /// peak belongs to the work that follows. Returns false where the kernel or the sandbox does not allow it.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }
}
