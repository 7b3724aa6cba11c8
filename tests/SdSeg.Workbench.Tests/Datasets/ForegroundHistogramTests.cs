using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Tests.Datasets;

public sealed class ForegroundHistogramTests
{
    [Fact]
    public void Fractions_fall_into_equal_bins_with_one_in_the_last()
    {
        var counts = ForegroundHistogram.Count([0, 0.05, 0.1, 0.55, 0.999, 1.0], 10);

        Assert.Equal([2, 1, 0, 0, 0, 1, 0, 0, 0, 2], counts);
        Assert.Equal("0-10%", ForegroundHistogram.Labels(10)[0]);
        Assert.Equal("90-100%", ForegroundHistogram.Labels(10)[9]);
    }
}
