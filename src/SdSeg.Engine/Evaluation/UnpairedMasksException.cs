namespace SdSeg.Engine.Evaluation;

/// <summary>Some predictions or ground-truth masks have no partner with the same stem; the message lists them.</summary>
public sealed class UnpairedMasksException : Exception
{
    public UnpairedMasksException(MaskPairing pairing)
        : base(Describe(pairing))
    {
        PredictionsWithoutGroundTruth = pairing.PredictionsWithoutGroundTruth;
        GroundTruthWithoutPrediction = pairing.GroundTruthWithoutPrediction;
    }

    public IReadOnlyList<string> PredictionsWithoutGroundTruth { get; }

    public IReadOnlyList<string> GroundTruthWithoutPrediction { get; }

    static string Describe(MaskPairing pairing)
    {
        var parts = new List<string>();
        if (pairing.PredictionsWithoutGroundTruth.Count > 0)
            parts.Add($"{pairing.PredictionsWithoutGroundTruth.Count} prediction(s) have no ground truth: {MaskPairing.ListStems(pairing.PredictionsWithoutGroundTruth)}");
        if (pairing.GroundTruthWithoutPrediction.Count > 0)
            parts.Add($"{pairing.GroundTruthWithoutPrediction.Count} ground-truth mask(s) have no prediction: {MaskPairing.ListStems(pairing.GroundTruthWithoutPrediction)}");
        return $"Predictions and ground truth are paired by file stem, and some are unpaired. {string.Join(". ", parts)}. "
            + $"{pairing.Pairs.Count} pair(s) matched; use --allow-unpaired to evaluate only those.";
    }
}
