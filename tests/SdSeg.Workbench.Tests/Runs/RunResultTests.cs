using SdSeg.Workbench.Components.Pages.Runs;

namespace SdSeg.Workbench.Tests.Runs;

public sealed class RunResultTests
{
    [Fact]
    public void Keys_the_page_has_no_name_for_are_spelled_out_and_lists_show_their_length()
    {
        var result = RunResult.Parse("""{"peakMemoryBytes": 1024, "groundTruthWithoutPrediction": ["a", "b"], "predictionsWithoutGroundTruth": [], "size": null}""");

        Assert.Equal([("Peak memory bytes", "1024"), ("Ground truths without a prediction", "2")], result.Facts);
        Assert.Empty(result.Metrics);
        Assert.Null(result.EmptyMaskNote);
    }

    [Fact]
    public void Official_scoring_gets_its_own_short_note()
    {
        var result = RunResult.Parse("""{"mode": "official", "emptyMaskConvention": "official (SDSeg scripts/slice2seg.py): Dice is 1 when ..."}""");

        Assert.StartsWith("Dice and IoU are scored as the official SDSeg code does", result.EmptyMaskNote);
        Assert.Equal("official (SDSeg scripts/slice2seg.py): Dice is 1 when ...", result.EmptyMaskConvention);
    }

    [Fact]
    public void A_result_that_is_not_json_says_so() =>
        Assert.Equal([("result.json", "not readable JSON")], RunResult.Parse("{oops").Facts);
}
