using SdSeg.Cli;
using Spectre.Console;

namespace SdSeg.Cli.Tests;

/// <summary>What one in-process <c>sdseg</c> invocation returned and printed.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines of stderr.</summary>
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the <c>sdseg</c> command tree in this process with stdout, stderr and Spectre's console captured.</summary>
public static class CliRunner
{
    static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        await Gate.WaitAsync();
        var output = new StringWriter();
        var error = new StringWriter();
        var previousOut = System.Console.Out;
        var previousError = System.Console.Error;
        var previousAnsi = AnsiConsole.Console;
        try
        {
            System.Console.SetOut(output);
            System.Console.SetError(error);
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(output),
            });
            console.Profile.Width = 240;
            AnsiConsole.Console = console;
            int exitCode = await SdSegCommandLine.Build().Parse(args).InvokeAsync();
            return new CliResult(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            System.Console.SetOut(previousOut);
            System.Console.SetError(previousError);
            AnsiConsole.Console = previousAnsi;
            Gate.Release();
        }
    }
}
