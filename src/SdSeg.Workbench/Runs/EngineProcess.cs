using System.Diagnostics;
using System.Globalization;

namespace SdSeg.Workbench.Runs;

/// <summary>
/// One <c>sdseg run</c> child process. Its stderr (errors, native crash messages) is appended to the run's log.txt; its stdout
/// only echoes what the engine already writes to log.txt and progress.jsonl, so it is read and dropped.
/// </summary>
public sealed class EngineProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _logFile;
    private readonly Lock _logGate = new();

    private EngineProcess(Process process, string logFile)
    {
        _process = process;
        _logFile = logFile;
    }

    public int Id => _process.Id;

    /// <summary>The last line the engine wrote to stderr, e.g. "error: ..."; used when a run fails without a failed event.</summary>
    public string? LastErrorLine { get; private set; }

    public static EngineProcess Start(EngineCommand command, string runDirectory, bool resume, string logFile)
    {
        var process = new Process { StartInfo = command.StartInfo(runDirectory, resume), EnableRaisingEvents = true };
        var engine = new EngineProcess(process, logFile);
        process.ErrorDataReceived += (_, e) => engine.OnError(e.Data);
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return engine;
    }

    /// <summary>Waits for the process to end and its output to drain; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>True once the process ended (also after <see cref="Dispose"/>, which the monitor does when it ended).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>SIGTERM: the engine stops after writing a checkpoint and exits with 130.</summary>
    public void RequestStop()
    {
        try
        {
            if (!_process.HasExited)
                PosixSignal.Terminate(_process.Id);
        }
        catch (InvalidOperationException)
        {
            // It ended and was disposed meanwhile.
        }
    }

    /// <summary>Kills the process (and anything it started) when it did not stop in time.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public void Dispose() => _process.Dispose();

    private void OnError(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return;
        // NNPACK prints this for many convolutions on CPUs it does not support; it is harmless and would bury real errors.
        if (line.Contains("Could not initialize NNPACK", StringComparison.Ordinal))
            return;
        LastErrorLine = line.Trim();
        var stamped = $"{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z [stderr] {line}{Environment.NewLine}";
        lock (_logGate)
        {
            try
            {
                File.AppendAllText(_logFile, stamped);
            }
            catch (IOException)
            {
                // The log is a convenience; a full disk must not stop the monitoring of the run.
            }
        }
    }
}
