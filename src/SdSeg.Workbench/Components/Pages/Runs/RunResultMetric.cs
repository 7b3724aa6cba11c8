namespace SdSeg.Workbench.Components.Pages.Runs;

/// <summary>One metric's statistics over a run's images, formatted for the run page (— where no value was defined).</summary>
/// <remarks><c>Undefined</c>: Images whose value was undefined (NaN) and left out of the statistics.</remarks>
public sealed record RunResultMetric(string Name, string Mean, string Median, string Std, int Undefined);
