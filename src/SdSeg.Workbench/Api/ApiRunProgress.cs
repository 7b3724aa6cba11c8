namespace SdSeg.Workbench.Api;

/// <summary>A run's latest progress event: phase, step of total, and the engine's estimate of the seconds left.</summary>
public sealed record ApiRunProgress(string? Phase, long Step, long? TotalSteps, double? EtaSeconds, DateTime? UpdatedAt);
