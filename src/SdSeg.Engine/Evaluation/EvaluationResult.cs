namespace SdSeg.Engine.Evaluation;

/// <summary>An evaluation: per-image scores sorted by stem, their summary, and how the files were paired.</summary>
public sealed record EvaluationResult(IReadOnlyList<ImageEvaluation> Images, EvaluationSummary Summary, MaskPairing Pairing);
