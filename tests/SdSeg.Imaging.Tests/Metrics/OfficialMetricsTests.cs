using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Metrics;
using SdSeg.Imaging.Tests.Support;

namespace SdSeg.Imaging.Tests.Metrics;

public sealed class OfficialMetricsTests
{
    private readonly BinaryMask _empty = new(10, 10);
    private readonly BinaryMask _a = MaskFactory.Rectangle(10, 10, 1, 1, 4, 4);
    private readonly BinaryMask _b = MaskFactory.Rectangle(10, 10, 3, 1, 4, 4);

    [Fact]
    public void Prediction_on_empty_ground_truth_scores_one()
    {
        Assert.Equal(1.0, OfficialMetrics.Dice(_a, _empty));
        Assert.Equal(0.0, SegmentationMetrics.Dice(_a, _empty));
    }

    [Fact]
    public void Both_empty_scores_zero_unlike_the_standard_convention()
    {
        Assert.Equal(0.0, OfficialMetrics.Dice(_empty, _empty.Clone()));
        Assert.Equal(0.0, OfficialMetrics.IoU(_empty, _empty.Clone()));
        Assert.Equal(1.0, SegmentationMetrics.Dice(_empty, _empty.Clone()));
    }

    [Fact]
    public void Empty_prediction_on_foreground_scores_zero()
    {
        Assert.Equal(0.0, OfficialMetrics.Dice(_empty, _a));
        Assert.Equal(0.0, OfficialMetrics.IoU(_empty, _a));
    }

    [Fact]
    public void Both_non_empty_uses_the_epsilon_formulas()
    {
        Assert.Equal(16.0 / (32 + 1e-10), OfficialMetrics.Dice(_a, _b));
        Assert.Equal(8.0 / (24 + 1e-10), OfficialMetrics.IoU(_a, _b));
        Assert.Equal(0.0, OfficialMetrics.IoU(_a, _empty));
    }

    [Fact]
    public void Raw_arrays_are_binarised_with_greater_than_zero()
    {
        float[] prediction = [0.2f, 0f, -1f, 3f];
        float[] truth = [1f, 0f, 0f, 0f];
        // P = {0, 3}, G = {0}: 2*1/(2+1+eps).
        Assert.Equal(2.0 / (3 + 1e-10), OfficialMetrics.Dice(prediction, truth));
    }
}
