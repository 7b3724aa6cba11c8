namespace SdSeg.Engine.Evaluation;

/// <summary>A predicted mask file and the ground-truth mask file with the same stem.</summary>
public sealed record MaskPair(string Stem, string PredictionFile, string GroundTruthFile);
