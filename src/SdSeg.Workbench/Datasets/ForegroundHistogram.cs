namespace SdSeg.Workbench.Datasets;

/// <summary>Counts of samples per foreground-fraction bin over [0, 1], equal-width bins, 1.0 in the last bin.</summary>
public static class ForegroundHistogram
{
    /// <summary>Counts <paramref name="fractions"/> into <paramref name="binCount"/> equal bins; values outside [0, 1] are clamped.</summary>
    public static int[] Count(IEnumerable<double> fractions, int binCount)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binCount);
        var counts = new int[binCount];
        foreach (var fraction in fractions)
            counts[Math.Clamp((int)(Math.Clamp(fraction, 0, 1) * binCount), 0, binCount - 1)]++;
        return counts;
    }

    /// <summary>Labels of the bins, in percent: "0-10%", "10-20%", ...</summary>
    public static string[] Labels(int binCount) =>
        Enumerable.Range(0, binCount).Select(i => $"{100 * i / binCount}-{100 * (i + 1) / binCount}%").ToArray();
}
