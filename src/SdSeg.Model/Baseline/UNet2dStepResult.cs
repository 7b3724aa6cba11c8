namespace SdSeg.Model.Baseline;

/// <summary>What one baseline optimisation step reports: its 0-based index, the loss terms and the learning rate it used.</summary>
public sealed record UNet2dStepResult(long Step, double Loss, double Bce, double Dice, double LearningRate);
