namespace SdSeg.Imaging.Metrics;

/// <summary>Summary of one metric over many images; NaN values (undefined, e.g. HD95 with one empty mask) are counted, not averaged.</summary>
/// <param name="Count">Finite values summarised.</param>
/// <param name="NaNCount">NaN values left out of every statistic.</param>
/// <param name="Mean">Mean of the finite values (NaN when there are none).</param>
/// <param name="StandardDeviation">Population standard deviation (ddof = 0, as numpy.std).</param>
/// <param name="Median">Median (mean of the middle two for an even count).</param>
/// <param name="Min">Smallest finite value.</param>
/// <param name="Max">Largest finite value.</param>
public sealed record MetricSummary(int Count, int NaNCount, double Mean, double StandardDeviation, double Median, double Min, double Max)
{
    public static MetricSummary Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = new List<double>();
        var nan = 0;
        foreach (var value in values)
        {
            if (double.IsNaN(value))
            {
                nan++;
            }
            else if (double.IsInfinity(value))
            {
                throw new ArgumentException("Infinite metric values cannot be summarised.", nameof(values));
            }
            else
            {
                finite.Add(value);
            }
        }

        if (finite.Count == 0)
        {
            return new MetricSummary(0, nan, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        finite.Sort();
        var mean = finite.Average();
        var variance = finite.Sum(v => (v - mean) * (v - mean)) / finite.Count;
        var middle = finite.Count / 2;
        var median = finite.Count % 2 == 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
        return new MetricSummary(finite.Count, nan, mean, Math.Sqrt(variance), median, finite[0], finite[^1]);
    }
}
