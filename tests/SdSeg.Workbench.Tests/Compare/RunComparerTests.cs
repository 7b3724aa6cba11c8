using Microsoft.Extensions.DependencyInjection;
using SdSeg.Workbench.Compare;
using SdSeg.Workbench.Tests.Datasets;

namespace SdSeg.Workbench.Tests.Compare;

public sealed class RunComparerTests : IAsyncLifetime
{
    private readonly DatasetTestFactory factory = new();
    private TwoPredictRuns seeded = null!;

    private RunComparer Comparer => factory.Services.GetRequiredService<RunComparer>();

    public async Task InitializeAsync() => seeded = await TwoPredictRuns.SeedAsync(factory);

    [Fact]
    public async Task Rows_line_up_both_runs_per_image_with_B_minus_A_Dice_differences()
    {
        var comparison = await Comparer.CompareAsync([seeded.RunA, seeded.RunB]);

        Assert.Equal(["case0", "case1", "case2"], comparison.Rows.Select(r => r.Stem));
        Assert.Equal(-1.0 / 9.0, comparison.Rows[0].DiceDifference(1), 1e-12);
        Assert.Equal(-1.0, comparison.Rows[1].DiceDifference(1), 1e-12);
        Assert.Equal(0.0, comparison.Rows[2].DiceDifference(1), 1e-12);
        Assert.Equal([true, true, false], comparison.Rows.Select(r => r.WorseThanFirstInAnyRun));
        Assert.All(comparison.Rows, r => Assert.NotNull(r.SampleId));
        Assert.Equal("test", comparison.Runs[0].Subset);
    }

    [Fact]
    public async Task Summaries_average_every_image_and_count_undefined_HD95_apart()
    {
        var comparison = await Comparer.CompareAsync([seeded.RunA, seeded.RunB]);
        var b = comparison.Summaries[1];

        Assert.Equal((TwoPredictRuns.BDiceCase0 + 0 + 1) / 3, b.Dice.Mean, 1e-12);
        Assert.Equal(TwoPredictRuns.BDiceCase0, b.Dice.Median, 1e-12);
        Assert.Equal(3, b.Dice.Count);
        Assert.Equal(1, b.Hd95.NaNCount);
        Assert.Equal(0.5, b.Hd95.Mean, 1e-12);
        // Dice 0 in the first bin, 8/9 in [0.8, 0.9), 1 in the last.
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 1, 1], b.DiceHistogram);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 3], comparison.Summaries[0].DiceHistogram);
    }

    [Fact]
    public async Task Requests_that_cannot_be_compared_say_why()
    {
        var one = await Assert.ThrowsAsync<CompareRequestException>(() => Comparer.CompareAsync([seeded.RunA]));
        Assert.Contains("at least two runs", one.Message);
        var missing = await Assert.ThrowsAsync<CompareRequestException>(() => Comparer.CompareAsync([seeded.RunA, 9999]));
        Assert.Contains("no run 9999", missing.Message);
        var bad = Assert.Throws<CompareRequestException>(() => RunComparer.ParseRunIds("1,x"));
        Assert.Contains("'x' is not a run number", bad.Message);
        Assert.Equal([3, 5], RunComparer.ParseRunIds(" 3, 5,3"));
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }
}
