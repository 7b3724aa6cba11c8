using Spectre.Console;

namespace SdSeg.Cli.Commands;

/// <summary>Turns an exception from a command into a one-paragraph error on stderr and exit code 1.</summary>
public static class CommandErrors
{
    public static int Report(Exception error)
    {
        var message = error is AggregateException { InnerException: { } inner } ? inner.Message : error.Message;
        System.Console.Error.WriteLine($"error: {message}");
        return 1;
    }

    /// <summary>Runs a command body, reporting expected failures (bad input, missing files) without a stack trace.</summary>
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
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or InvalidOperationException
                                       or NotSupportedException or UnauthorizedAccessException or FormatException
                                       || e.GetType().Name.EndsWith("Exception", StringComparison.Ordinal) && e.GetType().Namespace?.StartsWith("SdSeg", StringComparison.Ordinal) == true)
        {
            return Report(e);
        }
    }
}
