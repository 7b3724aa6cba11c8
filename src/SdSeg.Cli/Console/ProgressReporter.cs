using Spectre.Console;

namespace SdSeg.Cli.Console;

/// <summary>
/// Runs work with a progress bar on an interactive terminal, and with plain "label: i/n" lines when the output is
/// redirected (a log file, the workbench's child process), so both people and programs can follow long work.
/// </summary>
public static class ProgressReporter
{
    /// <summary>Runs <paramref name="work"/>, which reports each finished item through the callback it is given.</summary>
    public static async Task RunAsync(string label, int total, Func<Action<string?>, Task> work)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive && !System.Console.IsOutputRedirected)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                         new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(label, maxValue: Math.Max(total, 1));
                    await work(item =>
                    {
                        task.Increment(1);
                        if (item is not null) task.Description = $"{label}: {item}";
                    });
                });
            return;
        }

        int done = 0;
        var started = DateTime.UtcNow;
        await work(item =>
        {
            done++;
            double eta = (DateTime.UtcNow - started).TotalSeconds / done * (total - done);
            System.Console.WriteLine($"{label}: {done}/{total}{(item is null ? "" : " " + item)} (eta {eta:F0} s)");
        });
    }
}
