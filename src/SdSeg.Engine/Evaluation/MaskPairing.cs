using SdSeg.Engine.Prediction;

namespace SdSeg.Engine.Evaluation;

/// <summary>Predicted and ground-truth mask files matched by file stem (extensions may differ), plus the stems left without a partner.</summary>
public sealed record MaskPairing(
    IReadOnlyList<MaskPair> Pairs,
    IReadOnlyList<string> PredictionsWithoutGroundTruth,
    IReadOnlyList<string> GroundTruthWithoutPrediction)
{
    /// <summary>Name suffixes (before the extension) of the soft maps <c>sdseg predict</c> writes beside masks; they are not masks.</summary>
    public static readonly IReadOnlyList<string> SoftMapSuffixes = [".prob", ".std"];

    /// <summary>True when every file found a partner.</summary>
    public bool IsComplete => PredictionsWithoutGroundTruth.Count == 0 && GroundTruthWithoutPrediction.Count == 0;

    /// <summary>Pairs the image files of two folders by stem, sorted by stem (ordinal); soft maps in the prediction folder are skipped.</summary>
    public static MaskPairing Find(string predictionsFolder, string groundTruthFolder)
    {
        var predictions = MasksByStem(predictionsFolder, "prediction", skipSoftMaps: true);
        var groundTruth = MasksByStem(groundTruthFolder, "ground-truth", skipSoftMaps: false);
        var pairs = predictions.Keys.Where(groundTruth.ContainsKey)
            .Select(stem => new MaskPair(stem, predictions[stem], groundTruth[stem]))
            .ToList();
        return new MaskPairing(
            pairs,
            [.. predictions.Keys.Where(stem => !groundTruth.ContainsKey(stem))],
            [.. groundTruth.Keys.Where(stem => !predictions.ContainsKey(stem))]);
    }

    /// <summary>
    /// The pairing limited to the ground truth of <paramref name="stems"/> (e.g. the test subset of a dataset whose masks
    /// folder holds every subset): pairs and unpaired ground truth outside it are dropped; unpaired predictions stay.
    /// </summary>
    public MaskPairing Within(IReadOnlyCollection<string> stems)
    {
        ArgumentNullException.ThrowIfNull(stems);
        var keep = stems as IReadOnlySet<string> ?? new HashSet<string>(stems, StringComparer.Ordinal);
        return new MaskPairing(
            [.. Pairs.Where(p => keep.Contains(p.Stem))],
            PredictionsWithoutGroundTruth,
            [.. GroundTruthWithoutPrediction.Where(keep.Contains)]);
    }

    /// <summary>Stems for a message: the first 20, then how many more.</summary>
    public static string ListStems(IReadOnlyList<string> stems)
    {
        const int shown = 20;
        var list = string.Join(", ", stems.Take(shown));
        return stems.Count > shown ? $"{list} and {stems.Count - shown} more" : list;
    }

    static SortedDictionary<string, string> MasksByStem(string folder, string role, bool skipSoftMaps)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The {role} folder '{folder}' does not exist.");
        var byStem = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            if (!PredictionInputs.ImageExtensions.Contains(Path.GetExtension(file))) continue;
            var stem = Path.GetFileNameWithoutExtension(file);
            if (skipSoftMaps && SoftMapSuffixes.Any(suffix => stem.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))) continue;
            if (byStem.TryGetValue(stem, out var other))
                throw new InvalidDataException(
                    $"The {role} folder '{folder}' has several masks named '{stem}' ({Path.GetFileName(other)}, {Path.GetFileName(file)}); keep one per stem.");
            byStem[stem] = Path.GetFullPath(file);
        }

        if (byStem.Count == 0)
            throw new InvalidDataException(
                $"The {role} folder '{folder}' has no mask images ({string.Join(", ", PredictionInputs.ImageExtensions.Order(StringComparer.Ordinal))}).");
        return byStem;
    }
}
