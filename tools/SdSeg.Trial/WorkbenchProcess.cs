using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace SdSeg.Trial;

/// <summary>The real workbench as a child process (<c>dotnet SdSeg.Workbench.dll</c>, as <c>dotnet run</c> starts it) on a fixed data root and port.</summary>
public sealed class WorkbenchProcess : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private WorkbenchProcess(Process process, StreamWriter log, Uri address)
    {
        this.process = process;
        this.log = log;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The workbench build this trial was built with (the trial's project reference builds it).</summary>
    public static string BuiltAssembly => Metadata("TrialWorkbenchAssembly");

    public static string RepositoryRoot => Metadata("TrialRepositoryRoot");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the app and waits until /healthz answers 200; its console goes to <paramref name="logFile"/>.</summary>
    public static async Task<WorkbenchProcess> StartAsync(string dataRoot, int port, string logFile, TimeSpan timeout)
    {
        var assembly = BuiltAssembly;
        if (!File.Exists(assembly))
            throw new TrialException($"The workbench build {assembly} is missing; build tools/SdSeg.Trial (it builds the workbench).");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataRoot,
        };
        // The same arguments `dotnet run --project src/SdSeg.Workbench` passes (the project's RunArguments).
        foreach (var argument in new[]
                 {
                     "exec", assembly,
                     "--contentRoot", Path.Combine(RepositoryRoot, "src", "SdSeg.Workbench"),
                     "--webroot", Path.Combine(RepositoryRoot, "wwwroot"),
                     $"--SdSeg:DataRoot={dataRoot}", $"--Urls=http://127.0.0.1:{port}",
                 })
            start.ArgumentList.Add(argument);
        var writer = new StreamWriter(logFile, append: true) { AutoFlush = true };
        await writer.WriteLineAsync($"===== {DateTime.UtcNow:O} dotnet {string.Join(' ', start.ArgumentList)}");
        var process = Process.Start(start) ?? throw new TrialException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var workbench = new WorkbenchProcess(process, writer, new Uri($"http://127.0.0.1:{port}/"));
        await workbench.WaitHealthyAsync(timeout, logFile);
        return workbench;
    }

    /// <summary>Sends <paramref name="signal"/> to the web app process only (not its children) and waits for it to exit.</summary>
    public async Task<TimeSpan> StopAsync(int signal, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        ProcessTable.Signal(process.Id, signal);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TrialException($"The workbench (pid {process.Id}) did not exit within {timeout.TotalSeconds:F0} s of signal {signal}.");
        }
        return clock.Elapsed;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            // The end of the trial (or a failure): take the engines down with the app.
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10000);
        }
        process.Dispose();
        lock (log)
            log.Dispose();
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, string logFile)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new TrialException($"The workbench exited with code {process.ExitCode} while starting; see {logFile}.");
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TrialException($"/healthz did not answer 200 within {timeout.TotalSeconds:F0} s; see {logFile}.");
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
            return;
        lock (writer)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the trial closed the log.
            }
        }
    }

    private static string Metadata(string key) =>
        typeof(WorkbenchProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new TrialException($"This build of the trial has no {key}; build it with dotnet build tools/SdSeg.Trial.");
}
