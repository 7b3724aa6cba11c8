using System.Diagnostics;
using SdSeg.Engine.Execution;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Cli.Tests;

/// <summary>Real <c>sdseg</c> processes for the tests that signal or kill them, and the small dataset they train on.</summary>
public static class EngineProcesses
{
    /// <summary>
    /// Starts <c>dotnet sdseg.dll args</c> from the test output. <paramref name="settingsSet"/>: with the engine settings already
    /// in the environment (no relaunch, as the workbench starts it); otherwise without them, so sdseg relaunches itself.
    /// </summary>
    public static Process Start(bool settingsSet, params string[] args) => Start(settingsSet, _ => { }, args);

    /// <summary>Runs a real <c>sdseg</c> process to its end (at most <paramref name="timeout"/>): its exit code and stderr lines.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> ErrorLines)> RunAsync(TimeSpan timeout, params string[] args)
    {
        var errors = new List<string>();
        using var process = Start(true, line => { lock (errors) errors.Add(line); }, args);
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        process.WaitForExit();
        lock (errors)
            return (process.ExitCode, [.. errors.Where(e => e.Trim().Length > 0)]);
    }

    static Process Start(bool settingsSet, Action<string> onErrorLine, params string[] args)
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
        // Drain the pipes so a chatty progress bar never blocks the child; the run's log.txt is what the tests read.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                onErrorLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A file the engine may be writing, read without blocking it; empty when it does not exist yet.</summary>
    public static string Read(string file)
    {
        if (!File.Exists(file))
            return "";
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>An <c>images/</c> + <c>masks/</c> dataset of <paramref name="count"/> 40x40 pairs with a disc mask each.</summary>
    public static string WriteDataset(string folder, int count)
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
