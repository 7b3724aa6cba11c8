using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SdSeg.Trial;

/// <summary>What the trial did, how long each step took and what it saw; printed as it goes and in full at the end.</summary>
public sealed class TrialReport
{
    private readonly List<(string Step, TimeSpan Took)> steps = [];
    private readonly List<string> observations = [];
    private readonly Stopwatch total = Stopwatch.StartNew();

    /// <summary>Runs one step, timing it; its name is printed when it starts and its time when it ends.</summary>
    public async Task<T> StepAsync<T>(string name, Func<Task<T>> step)
    {
        Console.WriteLine($"[{total.Elapsed:hh\\:mm\\:ss}] {name} ...");
        var clock = Stopwatch.StartNew();
        Current = name;
        var result = await step();
        Current = null;
        steps.Add((name, clock.Elapsed));
        Console.WriteLine($"[{total.Elapsed:hh\\:mm\\:ss}] {name}: {Seconds(clock.Elapsed)}");
        return result;
    }

    public Task StepAsync(string name, Func<Task> step) => StepAsync(name, async () => { await step(); return true; });

    /// <summary>The step under way, if any (the one that failed, when the trial fails).</summary>
    public string? Current { get; private set; }

    /// <summary>Something seen along the way that belongs in the report.</summary>
    public void Observe(string text)
    {
        observations.Add(text);
        Console.WriteLine($"           {text}");
    }

    public string Render(string outcome)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine("==== SdSeg Workbench trial report ====").AppendLine(outcome).AppendLine();
        text.AppendLine("Steps:");
        foreach (var (step, took) in steps)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Seconds(took),10}  {step}");
        if (Current is not null)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {"failed",10}  {Current}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {Seconds(total.Elapsed),10}  total").AppendLine();
        text.AppendLine("Observations:");
        foreach (var observation in observations)
            text.AppendLine(CultureInfo.InvariantCulture, $"  - {observation}");
        return text.ToString();
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
