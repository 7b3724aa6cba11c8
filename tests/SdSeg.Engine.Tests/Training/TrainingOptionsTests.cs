using SdSeg.Engine.Training;

namespace SdSeg.Engine.Tests.Training;

public class TrainingOptionsTests
{
    static TrainingOptions Options(int? crop = null) => new() { Data = "d", Config = "small", Steps = 1, FirstStageCrop = crop };

    [Theory]
    [InlineData(32, 32)]
    [InlineData(64, 64)]
    [InlineData(128, 64)]
    [InlineData(256, 128)]
    public void The_first_stage_trains_on_half_size_crops_from_128_px_and_on_whole_inputs_below(int pixels, int crop) =>
        Assert.Equal(crop, Options().FirstStageCropFor(pixels));

    [Fact]
    public void A_chosen_crop_wins_but_never_exceeds_the_input_and_tiny_crops_are_refused()
    {
        Assert.Equal(96, Options(96).FirstStageCropFor(128));
        Assert.Equal(128, Options(512).FirstStageCropFor(128));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Options(4).Validated());
        Assert.Contains("first-stage crop", error.Message);
    }
}
