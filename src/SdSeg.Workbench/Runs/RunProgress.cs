using SdSeg.Engine.Runs;

namespace SdSeg.Workbench.Runs;

/// <summary>What progress.jsonl says about a run so far: the latest event's position and the series its charts draw.</summary>
public sealed record RunProgress
{
    /// <summary>Most points kept per series; older points are thinned so a long run's chart stays light.</summary>
    public const int MaxPoints = 400;

    public static RunProgress Empty { get; } = new();

    /// <summary>Byte offset in progress.jsonl up to which events are folded in.</summary>
    public long Offset { get; init; }
    public string? Phase { get; init; }
    public long Step { get; init; }
    public long? TotalSteps { get; init; }
    public double? EtaSeconds { get; init; }
    public double? ImagesPerSecond { get; init; }
    public string? Message { get; init; }
    public DateTimeOffset? LastEventAt { get; init; }
    public int EventCount { get; init; }
    /// <summary>Training loss of the denoiser ("loss") by step.</summary>
    public IReadOnlyList<ChartPoint> DenoiserLoss { get; init; } = [];
    /// <summary>Loss of the first stage (the mask autoencoder) by step, when the run trains one.</summary>
    public IReadOnlyList<ChartPoint> FirstStageLoss { get; init; } = [];
    /// <summary>Mean validation Dice by denoiser step.</summary>
    public IReadOnlyList<ChartPoint> ValidationDice { get; init; } = [];

    /// <summary>Fraction done (0..1) of the current phase, when its total is known.</summary>
    public double? Fraction => TotalSteps is > 0 ? Math.Clamp((double)Step / TotalSteps.Value, 0, 1) : Phase == "done" ? 1 : null;

    /// <summary>Folds <paramref name="events"/> (read up to <paramref name="nextOffset"/>) into a new snapshot.</summary>
    public RunProgress With(IReadOnlyList<ProgressEvent> events, long nextOffset)
    {
        if (events.Count == 0)
            return this with { Offset = nextOffset };
        var denoiser = DenoiserLoss.ToList();
        var firstStage = FirstStageLoss.ToList();
        var dice = ValidationDice.ToList();
        var latest = this;
        foreach (var e in events)
        {
            if (e.Losses is { } losses && losses.TryGetValue("loss", out var loss) && double.IsFinite(loss))
                (e.Phase == "first-stage" ? firstStage : denoiser).Add(new ChartPoint(e.Step, loss));
            if (e.ValidationDice is { } d && double.IsFinite(d))
                dice.Add(new ChartPoint(e.Step, d));
            latest = latest with
            {
                Phase = e.Phase,
                Step = e.Step,
                TotalSteps = e.TotalSteps,
                // Validation events carry no estimate; the last one stands until the run ends.
                EtaSeconds = e.EtaSeconds ?? (e.Phase is "done" or "failed" or "cancelled" ? null : latest.EtaSeconds),
                ImagesPerSecond = e.ImagesPerSecond ?? latest.ImagesPerSecond,
                Message = e.Message ?? latest.Message,
                LastEventAt = e.Time,
            };
        }
        return latest with
        {
            Offset = nextOffset,
            EventCount = EventCount + events.Count,
            DenoiserLoss = Thin(denoiser),
            FirstStageLoss = Thin(firstStage),
            ValidationDice = Thin(dice),
        };
    }

    /// <summary>Reads a run directory's whole progress.jsonl.</summary>
    public static RunProgress Read(RunDirectory run)
    {
        var (events, next) = run.ReadProgress(0);
        return Empty.With(events, next);
    }

    private static List<ChartPoint> Thin(List<ChartPoint> points)
    {
        while (points.Count > MaxPoints)
            points = points.Where((_, i) => i % 2 == 0 || i == points.Count - 1).ToList();
        return points;
    }
}
