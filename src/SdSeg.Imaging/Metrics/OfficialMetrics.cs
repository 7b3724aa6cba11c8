using SdSeg.Imaging.Masks;

namespace SdSeg.Imaging.Metrics;

/// <summary>Dice and IoU exactly as the official SDSeg code computes them (scripts/slice2seg.py), quirks included.</summary>
/// <remarks>Dice: prediction non-empty and ground truth empty gives 1; both non-empty gives 2|P∩G| / (|P| + |G| + 1e-10); otherwise
/// (including both empty) 0. IoU: |P∩G| / (|P| + |G| - |P∩G| + 1e-10) with no special case, so both empty gives 0.</remarks>
public static class OfficialMetrics
{
    private const double Epsilon = 1e-10;

    public static double Dice(BinaryMask prediction, BinaryMask groundTruth)
    {
        var (p, g, both) = Counts(prediction, groundTruth);
        return Dice(p, g, both);
    }

    public static double IoU(BinaryMask prediction, BinaryMask groundTruth)
    {
        var (p, g, both) = Counts(prediction, groundTruth);
        return IoU(p, g, both);
    }

    /// <summary>Dice on raw arrays, binarised with &gt; 0 as the official code does.</summary>
    public static double Dice(ReadOnlySpan<float> prediction, ReadOnlySpan<float> groundTruth)
    {
        var (p, g, both) = Counts(prediction, groundTruth);
        return Dice(p, g, both);
    }

    /// <summary>IoU on raw arrays, binarised with &gt; 0.</summary>
    public static double IoU(ReadOnlySpan<float> prediction, ReadOnlySpan<float> groundTruth)
    {
        var (p, g, both) = Counts(prediction, groundTruth);
        return IoU(p, g, both);
    }

    private static double Dice(long p, long g, long both) => p > 0 && g == 0 ? 1 : p > 0 && g > 0 ? 2.0 * both / (p + g + Epsilon) : 0;

    private static double IoU(long p, long g, long both) => both / (p + g - both + Epsilon);

    private static (long P, long G, long Both) Counts(BinaryMask prediction, BinaryMask groundTruth)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        prediction.EnsureSameSize(groundTruth, nameof(groundTruth));
        var (tp, fp, fn, _) = SegmentationMetrics.Confusion(prediction, groundTruth);
        return (tp + fp, tp + fn, tp);
    }

    private static (long P, long G, long Both) Counts(ReadOnlySpan<float> prediction, ReadOnlySpan<float> groundTruth)
    {
        if (prediction.Length != groundTruth.Length)
        {
            throw new ArgumentException($"Lengths differ: {prediction.Length} vs {groundTruth.Length}.", nameof(groundTruth));
        }

        long p = 0, g = 0, both = 0;
        for (var i = 0; i < prediction.Length; i++)
        {
            var (pi, gi) = (prediction[i] > 0, groundTruth[i] > 0);
            p += pi ? 1 : 0;
            g += gi ? 1 : 0;
            both += pi && gi ? 1 : 0;
        }

        return (p, g, both);
    }
}
