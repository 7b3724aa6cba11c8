namespace SdSeg.Engine.Evaluation;

/// <summary>The documented empty-mask conventions of each <see cref="EvaluationMode"/>, as written into summaries.</summary>
public static class EmptyMaskConventions
{
    /// <summary>How empty masks score and enter the means under <paramref name="mode"/>.</summary>
    public static string Describe(EvaluationMode mode) => mode switch
    {
        EvaluationMode.Standard =>
            "standard: prediction and ground truth both empty scores Dice = IoU = precision = recall = 1 and HD95 = Hausdorff = 0, "
            + "and enters every mean as a perfect image. Exactly one of them empty scores Dice = IoU = precision = recall = 0 and enters those means; "
            + "its HD95 and Hausdorff are undefined (NaN, an empty CSV field), left out of their mean/std/median/min/max and counted in the NaN count (nanCount in JSON).",
        EvaluationMode.Official =>
            "official (SDSeg scripts/slice2seg.py): Dice is 1 when the prediction is non-empty and the ground truth empty, 0 when the prediction "
            + "is empty (both empty included), else 2|P∩G| / (|P| + |G| + 1e-10); IoU is |P∩G| / (|P| + |G| - |P∩G| + 1e-10), so 0 whenever either "
            + "mask is empty. Every image enters the Dice and IoU means. Precision, recall, HD95 and Hausdorff follow the standard conventions: "
            + "both empty gives 1, 1, 0, 0; exactly one empty gives precision = recall = 0 and NaN distances, left out of the distance statistics and counted in the NaN count (nanCount in JSON).",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown evaluation mode."),
    };
}
