using SdSeg.Workbench.Components.Shared;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Tests.Shared;

public sealed class StepChartTests
{
    [Fact]
    public void A_step_reported_again_after_a_resume_is_one_point_with_the_latest_value()
    {
        var (points, labels) = StepChart.Thin([new(14, 0.3), new(20, 0.4), new(20, 0.5)]);

        Assert.Equal([new ChartPoint(14, 0.3), new ChartPoint(20, 0.5)], points);
        Assert.Equal(["14", "20"], labels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(2339)]
    public void Labels_are_at_most_six_distinct_steps_and_always_include_the_last(int count)
    {
        var (points, labels) = StepChart.Thin(Enumerable.Range(1, count).Select(i => new ChartPoint(i * 10, 1.0 / i)).ToList());

        var shown = labels.Where(l => l.Length > 0).ToList();
        Assert.InRange(shown.Count, 1, StepChart.MaxLabels);
        Assert.Equal(shown.Distinct(), shown);
        Assert.Equal((count * 10).ToString(System.Globalization.CultureInfo.InvariantCulture), labels[^1]);
        Assert.Equal(points.Count, labels.Length);
    }

    [Theory]
    [InlineData(0.039, 0.05)]
    [InlineData(0.1, 0.1)]
    [InlineData(0.11, 0.2)]
    [InlineData(3.2, 5)]
    [InlineData(0.5, 0.5)]
    public void Nice_steps_are_1_2_or_5_times_a_power_of_ten(double rough, double expected) =>
        Assert.Equal(expected, StepChart.NiceStep(rough), 1e-12);

    [Fact]
    public void Dice_is_plotted_scaled_and_its_axis_and_tooltips_read_in_the_original_units()
    {
        var chart = StepChart.UnitInterval("validation Dice", [new ChartPoint(20, 0.8022)]);

        var plotted = chart.Series[0].Data.Values[0];
        Assert.Equal("0.8022", StepChart.TooltipValue(plotted));
        Assert.Equal("0.5", chart.Options.YAxisToStringFunc!(0.5 * StepChart.Scale));
        Assert.Equal(0.1 * StepChart.Scale, chart.Options.YAxisTicks);
        Assert.True(chart.Options.ShowDataMarkers);
    }

    [Fact]
    public void A_loss_axis_fits_the_finite_losses_even_when_a_step_diverged()
    {
        var chart = StepChart.Fitted("loss", [new(1, 0.31), new(2, double.NaN), new(3, 0.12)]);

        Assert.Equal(0.5 * StepChart.Scale, chart.Options.YAxisTicks * 10, 1e-6);
        Assert.Equal(0.35 * StepChart.Scale, chart.Options.YAxisSuggestedMax!.Value, 1e-6);
        Assert.False(chart.Options.YAxisRequireZeroPoint);
    }
}
