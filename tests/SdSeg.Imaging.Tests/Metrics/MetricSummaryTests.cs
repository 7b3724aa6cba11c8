using SdSeg.Imaging.Metrics;

namespace SdSeg.Imaging.Tests.Metrics;

public sealed class MetricSummaryTests
{
    [Fact]
    public void NaN_is_counted_separately_and_left_out_of_the_statistics()
    {
        var summary = MetricSummary.Of([4.0, double.NaN, 1.0, 3.0, 2.0]);

        Assert.Equal(4, summary.Count);
        Assert.Equal(1, summary.NaNCount);
        Assert.Equal(2.5, summary.Mean, 1e-12);
        Assert.Equal(Math.Sqrt(1.25), summary.StandardDeviation, 1e-12);
        Assert.Equal(2.5, summary.Median, 1e-12);
        Assert.Equal((1.0, 4.0), (summary.Min, summary.Max));
    }

    [Fact]
    public void Odd_count_median_and_all_nan()
    {
        Assert.Equal(3.0, MetricSummary.Of([5.0, 1.0, 3.0]).Median);
        var none = MetricSummary.Of([double.NaN, double.NaN]);
        Assert.Equal((0, 2), (none.Count, none.NaNCount));
        Assert.True(double.IsNaN(none.Mean));
    }
}
