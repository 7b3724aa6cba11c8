namespace SdSeg.Workbench.Datasets;

/// <summary>A recorded split in numbers: its seed, requested fractions and the samples in each subset.</summary>
public sealed record SplitSummary(int Seed, double TrainFraction, double ValidationFraction, double TestFraction, int Train, int Validation, int Test);
