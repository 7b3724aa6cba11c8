namespace SdSeg.Workbench.Runs;

/// <summary>One point of a run's progress chart: a value at a training step.</summary>
public sealed record ChartPoint(long Step, double Value);
