namespace SdSeg.Engine.Evaluation;

/// <summary>How Dice and IoU are scored; see <see cref="EmptyMaskConventions"/> for what each mode does with empty masks.</summary>
public enum EvaluationMode
{
    /// <summary>The library conventions (<c>SegmentationMetrics</c>): both masks empty is a perfect answer.</summary>
    Standard,

    /// <summary>Dice and IoU exactly as the official SDSeg code (<c>OfficialMetrics</c>), quirks included; the other metrics stay standard.</summary>
    Official,
}
