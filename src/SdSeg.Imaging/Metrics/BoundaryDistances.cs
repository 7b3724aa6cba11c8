using SdSeg.Imaging.Masks;

namespace SdSeg.Imaging.Metrics;

/// <summary>Hausdorff-type distances between mask boundaries, in pixels (Euclidean).</summary>
/// <remarks>Boundary = foreground pixels with a 4-neighbour in the background or on the image edge.
/// HD95 = max of the two directed 95th percentiles (linear interpolation between ranks, as numpy.percentile);
/// both masks empty gives 0; exactly one empty gives NaN (there is no boundary to measure to).</remarks>
public static class BoundaryDistances
{
    /// <summary>Distances from each boundary pixel of <paramref name="from"/> to the nearest boundary pixel of <paramref name="to"/>, ascending.</summary>
    public static double[] Directed(BinaryMask from, BinaryMask to)
    {
        ArgumentNullException.ThrowIfNull(from);
        from.EnsureSameSize(to, nameof(to));
        var distances = DirectedFromBoundaries(from.Boundary(), to.Boundary());
        Array.Sort(distances);
        return distances;
    }

    /// <summary>The 95th-percentile Hausdorff distance (symmetric).</summary>
    public static double Hd95(BinaryMask a, BinaryMask b) => Compute(a, b).Hd95;

    /// <summary>The classic (maximum) Hausdorff distance between boundaries.</summary>
    public static double Hausdorff(BinaryMask a, BinaryMask b) => Compute(a, b).Hausdorff;

    /// <summary>HD95 and Hausdorff together, sharing the two distance transforms.</summary>
    public static (double Hd95, double Hausdorff) Compute(BinaryMask a, BinaryMask b)
    {
        ArgumentNullException.ThrowIfNull(a);
        a.EnsureSameSize(b, nameof(b));
        var (aEmpty, bEmpty) = (a.IsEmpty, b.IsEmpty);
        if (aEmpty && bEmpty)
        {
            return (0, 0);
        }

        if (aEmpty || bEmpty)
        {
            return (double.NaN, double.NaN);
        }

        var (boundaryA, boundaryB) = (a.Boundary(), b.Boundary());
        var ab = DirectedFromBoundaries(boundaryA, boundaryB);
        var ba = DirectedFromBoundaries(boundaryB, boundaryA);
        Array.Sort(ab);
        Array.Sort(ba);
        return (Math.Max(Percentile(ab, 95), Percentile(ba, 95)), Math.Max(ab[^1], ba[^1]));
    }

    /// <summary>The p-th percentile of ascending values, interpolating linearly between ranks (numpy's default).</summary>
    public static double Percentile(IReadOnlyList<double> ascending, double p)
    {
        ArgumentNullException.ThrowIfNull(ascending);
        if (ascending.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(ascending));
        }

        var rank = p / 100.0 * (ascending.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, ascending.Count - 1);
        return ascending[low] + ((rank - low) * (ascending[high] - ascending[low]));
    }

    private static double[] DirectedFromBoundaries(BinaryMask fromBoundary, BinaryMask toBoundary)
    {
        var squared = EuclideanDistanceTransform.SquaredDistanceToForeground(toBoundary);
        var from = fromBoundary.Pixels;
        var distances = new List<double>();
        for (var i = 0; i < from.Length; i++)
        {
            if (from[i])
            {
                distances.Add(Math.Sqrt(squared[i]));
            }
        }

        return [.. distances];
    }
}
