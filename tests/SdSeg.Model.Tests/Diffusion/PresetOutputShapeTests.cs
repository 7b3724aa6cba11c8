using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Networks;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Diffusion;

/// <summary>Every shipped preset predicts: a soft map in [0, 1] and a mask at the preset's pixel size.</summary>
public class PresetOutputShapeTests
{
    [Theory]
    [InlineData("tiny", 32)]
    [InlineData("small", 64)]
    [InlineData("official", 256)]
    public void Single_step_prediction_has_the_preset_pixel_size(string preset, int pixels)
    {
        var config = ConfigSource.Load(preset);
        Assert.Equal(pixels, config.PixelSize);
        manual_seed(0);
        using var model = new SdSegModel(config);
        var segmenter = new SingleStepSegmenter(model, CPU, seed: 0);
        using var scope = NewDisposeScope();
        using var output = segmenter.Segment(rand(1, 3, pixels, pixels) * 2 - 1);
        Assert.Equal([1L, pixels, pixels], output.Soft.shape);
        Assert.Equal([1L, pixels, pixels], output.Mask.shape);
        Assert.Equal(ScalarType.Bool, output.Mask.dtype);
        Assert.True(output.Soft.ge(0).all().item<bool>() && output.Soft.le(1).all().item<bool>());
        Assert.True(output.Mask.eq(output.Soft.gt(0.5)).all().item<bool>());
    }
}
