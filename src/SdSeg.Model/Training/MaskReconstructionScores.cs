namespace SdSeg.Model.Training;

/// <summary>How well a first stage reproduces masks: mean L1 of the decoded masks and mean Dice of the thresholded ones.</summary>
public sealed record MaskReconstructionScores(double L1, double Dice);
