using System.Diagnostics;

namespace SdSeg.Workbench.Runs;

/// <summary>Counts CUDA GPUs without loading torch: the lines of <c>nvidia-smi -L</c>, or 0 where it is missing or fails.</summary>
public static class GpuCount
{
    public static int Detect()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", "-L")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (process is null)
                return 0;
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(5000) || process.ExitCode != 0)
                return 0;
            return output.Split('\n').Count(line => line.StartsWith("GPU ", StringComparison.Ordinal));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 0;
        }
    }
}
