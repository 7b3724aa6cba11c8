using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Resizing;
using SdSeg.Imaging.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Tests.Resizing;

public sealed class ResizerTests
{
    [Fact]
    public void Image_at_model_size_is_not_resampled_and_is_scaled_to_minus_one_one_in_chw()
    {
        using var image = new Image<Rgb24>(2, 2);
        image[0, 0] = new Rgb24(0, 255, 51);
        image[1, 1] = new Rgb24(255, 0, 204);

        var input = ModelInputResizer.ToModelInput(image, 2, 2);

        Assert.False(input.WasResampled);
        Assert.Equal(12, input.Chw.Length);
        Assert.Equal(-1f, input.Chw[0]);          // R(0,0)
        Assert.Equal(1f, input.Chw[4]);           // G(0,0)
        Assert.Equal(51 / 127.5f - 1f, input.Chw[8], 1e-6); // B(0,0)
        Assert.Equal(1f, input.Chw[3]);           // R(1,1)
        Assert.Equal(-1f, input.Chw[7]);          // G(1,1)
    }

    [Theory]
    [InlineData(ImageResampling.Bicubic)]
    [InlineData(ImageResampling.Bilinear)]
    public void Larger_image_is_resampled_to_the_model_size(ImageResampling resampling)
    {
        using var image = new Image<Rgb24>(40, 20, new Rgb24(255, 0, 128));
        var input = ModelInputResizer.ToModelInput(image, 8, 8, resampling);

        Assert.True(input.WasResampled);
        Assert.Equal(3 * 64, input.Chw.Length);
        Assert.All(input.Chw.AsSpan(0, 64).ToArray(), v => Assert.Equal(1f, v, 1e-3));
        Assert.All(input.Chw.AsSpan(64, 64).ToArray(), v => Assert.Equal(-1f, v, 1e-3));
        Assert.InRange(input.Chw.Min(), -1f, 1f);
    }

    [Fact]
    public void Nearest_mask_resize_keeps_binary_values_and_positions()
    {
        var mask = MaskFactory.FromRows(
            "#...",
            "....",
            "....",
            "...#");
        var up = MaskResizer.ResizeNearest(mask, 8, 8);
        Assert.Equal(8, up.CountForeground());
        Assert.True(up[0, 0] && up[1, 1] && up[7, 7] && up[6, 6] && !up[2, 2]);

        var down = MaskResizer.ResizeNearest(MaskFactory.Rectangle(8, 8, 4, 4, 4, 4), 4, 4);
        Assert.Equal(4, down.CountForeground());
        Assert.True(down[2, 2] && down[3, 3] && !down[1, 1]);
    }

    [Fact]
    public void Bilinear_soft_map_resize_interpolates_between_pixel_centres()
    {
        var map = new SoftMap(2, 1, [0f, 1f]);
        var wide = MaskResizer.ResizeBilinear(map, 4, 1);
        // Centres of the 4 output pixels map to source x = -0.25, 0.25, 0.75, 1.25 (clamped).
        Assert.Equal(new[] { 0f, 0.25f, 0.75f, 1f }, wide.Values.ToArray());

        var same = MaskResizer.ResizeBilinear(map, 2, 1);
        Assert.Equal(map.Values.ToArray(), same.Values.ToArray());
    }
}
