namespace SdSeg.Workbench.Api;

/// <summary>A dataset's recorded split: its id (for run requests), seed, requested fractions and subset sizes.</summary>
public sealed record ApiSplit(int Id, int Seed, double TrainFraction, double ValidationFraction, double TestFraction, int Train, int Validation, int Test);
