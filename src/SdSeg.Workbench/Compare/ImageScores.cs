namespace SdSeg.Workbench.Compare;

/// <summary>One run's scores for one image; <see cref="Hd95"/> is null where it is undefined (exactly one of the masks empty).</summary>
public sealed record ImageScores(double Dice, double Iou, double? Hd95);
