using System.Globalization;
using SdSeg.Catalog.Runs;

namespace SdSeg.Workbench.Runs;

/// <summary>How run progress and timings read on the pages.</summary>
public static class RunText
{
    /// <summary>"denoiser 120/400 · 2m 10s left", or nothing for a run that has not reported.</summary>
    public static string Progress(string? phase, long step, long? totalSteps, double? etaSeconds, RunStatus status)
    {
        if (phase is null || status is RunStatus.Queued)
            return "";
        var text = totalSteps is > 0 ? $"{phase} {step}/{totalSteps}" : step > 0 ? $"{phase} {step}" : phase;
        if (status == RunStatus.Running && etaSeconds is { } eta)
            text += $" · {Seconds(eta)} left";
        return text;
    }

    /// <summary>A duration in words: 45s, 3m 05s, 2h 10m.</summary>
    public static string Seconds(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes:D2}m")
            : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds:D2}s")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Seconds}s");
    }

    /// <summary>How long a run ran, or has been running.</summary>
    public static string Duration(DateTime? started, DateTime? finished) => (started, finished) switch
    {
        (null, _) => "",
        ({ } s, null) => $"running {Seconds((DateTime.UtcNow - s).TotalSeconds)}",
        ({ } s, { } f) => Seconds((f - s).TotalSeconds),
    };
}
