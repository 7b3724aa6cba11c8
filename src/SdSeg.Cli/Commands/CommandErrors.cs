using Spectre.Console;

namespace SdSeg.Cli.Commands;

/// <summary>Turns a failed command into a one-line <c>error: ...</c> on stderr and a non-zero exit code.</summary>
public static class CommandErrors
{
    /// <summary>Set this environment variable to 1 to see the stack trace of a failure.</summary>
    public const string TraceVariable = "SDSEG_TRACE";

    public static int Report(Exception error)
    {
        var cause = error is AggregateException { InnerException: { } inner } ? inner : error;
        System.Console.Error.WriteLine($"error: {cause.Message}");
        if (Environment.GetEnvironmentVariable(TraceVariable) == "1")
            System.Console.Error.WriteLine(cause);
        return 1;
    }

    /// <summary>Runs a command body; a cancellation exits with 130, any other failure with 1 and its message.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]cancelled[/]");
            return 130;
        }
        catch (Exception e)
        {
            return Report(e);
        }
    }
}
