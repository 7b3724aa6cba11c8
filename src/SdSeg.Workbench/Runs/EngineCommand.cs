using System.Diagnostics;
using System.Reflection;
using SdSeg.Engine.Execution;

namespace SdSeg.Workbench.Runs;

/// <summary>The program and leading arguments that start the <c>sdseg</c> engine (ADR-001: a run is <c>sdseg run &lt;run dir&gt;</c>).</summary>
public sealed record EngineCommand(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>Metadata the build writes into this assembly: the path of the CLI's <c>sdseg.dll</c> built with the workbench.</summary>
    public const string BuiltEngineMetadata = "SdSegEngineAssembly";

    /// <summary>
    /// Resolves <paramref name="configured"/> (an executable or a .dll), else <c>sdseg</c> beside the app (a publish folder),
    /// else the CLI built with the workbench.
    /// </summary>
    public static EngineCommand Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.GetFullPath(configured);
            if (!File.Exists(path))
                throw new FileNotFoundException($"SdSeg:EngineCommand names '{path}', which does not exist; point it at the sdseg executable or sdseg.dll.", path);
            return ForFile(path);
        }
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "sdseg.dll") };
        var built = typeof(EngineCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == BuiltEngineMetadata)?.Value;
        if (!string.IsNullOrWhiteSpace(built))
            candidates.Add(built);
        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"The sdseg engine was not found (looked for {string.Join(" and ", candidates)}); build src/SdSeg.Cli or set SdSeg:EngineCommand.");
        return ForFile(found);
    }

    /// <summary>Starts the engine on a run directory.</summary>
    public ProcessStartInfo StartInfo(string runDirectory, bool resume)
    {
        var start = new ProcessStartInfo(FileName)
        {
            WorkingDirectory = runDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in LeadingArguments)
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(runDirectory);
        if (resume)
            start.ArgumentList.Add("--resume");
        foreach (var (name, value) in EngineProcessSettings.Required)
            start.Environment[name] = value;
        return start;
    }

    private static EngineCommand ForFile(string path)
    {
        if (!path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            return new EngineCommand(path, []);
        // The apphost beside the dll starts faster and shows as "sdseg" in process lists; dotnet runs the dll where there is none.
        var appHost = Path.ChangeExtension(path, null);
        return File.Exists(appHost) && !OperatingSystem.IsWindows()
            ? new EngineCommand(appHost, [])
            : new EngineCommand(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet", [path]);
    }
}
