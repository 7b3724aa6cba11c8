using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Tests.Masks;

public sealed class MaskBinarizerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Jpeg_like_noisy_mask_thresholds_at_127_and_counts_non_binary_pixels()
    {
        // Values near 0 and 255 as a lossy JPEG leaves them: 3 noisy pixels inside, 2 outside, 1 exactly at the threshold.
        using var image = new Image<Rgb24>(4, 2, new Rgb24(0, 0, 0));
        image[0, 0] = new Rgb24(255, 255, 255);
        image[1, 0] = new Rgb24(250, 252, 249);
        image[2, 0] = new Rgb24(128, 128, 128);
        image[3, 0] = new Rgb24(3, 1, 200); // one channel says foreground
        image[0, 1] = new Rgb24(127, 127, 127);
        image[1, 1] = new Rgb24(4, 2, 0);

        var result = MaskBinarizer.Binarize(image);

        Assert.Equal(new[] { true, true, true, true, false, false, false, false }, result.Mask.Pixels.ToArray());
        Assert.Equal(4, result.ForegroundPixelCount);
        Assert.Equal(5, result.NonBinaryPixelCount);
        Assert.False(result.IsEmpty);
        Assert.False(result.WasAlreadyBinary);
    }

    [Fact]
    public void Real_lossy_jpeg_mask_round_trip_recovers_the_square()
    {
        var path = _temp.File("mask.jpg");
        using (var image = new Image<Rgb24>(32, 32))
        {
            for (var y = 5; y < 21; y++)
            {
                for (var x = 5; x < 21; x++)
                {
                    image[x, y] = new Rgb24(255, 255, 255);
                }
            }

            image.SaveAsJpeg(path, new JpegEncoder { Quality = 75 });
        }

        using var decoded = new ImageDecoder().Decode(path);
        var result = MaskBinarizer.Binarize(decoded);

        Assert.Equal(256, result.ForegroundPixelCount);
        Assert.InRange(result.NonBinaryPixelCount, 1, 32 * 32);
        Assert.True(result.Mask[5, 5]);
        Assert.False(result.Mask[4, 5]);
        Assert.True(result.Mask[20, 20]);
        Assert.False(result.Mask[21, 20]);
    }

    [Fact]
    public void Sixteen_bit_masks_threshold_at_32767()
    {
        var path = _temp.File("mask16.png");
        using (var image = new Image<L16>(3, 1))
        {
            image[0, 0] = new L16(32767);
            image[1, 0] = new L16(32768);
            image[2, 0] = new L16(65535);
            image.Save(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });
        }

        using var decoded = new ImageDecoder().Decode(path);
        var result = MaskBinarizer.Binarize(decoded);

        Assert.Equal(new[] { false, true, true }, result.Mask.Pixels.ToArray());
        Assert.Equal(2, result.NonBinaryPixelCount);
    }

    [Fact]
    public void One_bit_mask_is_already_binary()
    {
        var path = _temp.File("mask1.png");
        using (var image = new Image<L8>(5, 5))
        {
            image[2, 2] = new L8(255);
            image.Save(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit1 });
        }

        using var decoded = new ImageDecoder().Decode(path);
        var result = MaskBinarizer.Binarize(decoded);

        Assert.True(result.WasAlreadyBinary);
        Assert.Equal(1, result.ForegroundPixelCount);
        Assert.True(result.Mask[2, 2]);
    }

    [Fact]
    public void Chosen_channel_and_exact_colour_options()
    {
        using var image = new Image<Rgb24>(3, 1);
        image[0, 0] = new Rgb24(255, 0, 0);
        image[1, 0] = new Rgb24(0, 255, 0);
        image[2, 0] = new Rgb24(0, 250, 0);

        Assert.Equal(new[] { true, false, false }, MaskBinarizer.Binarize(image, MaskBinarizationOptions.ForChannel(MaskChannel.Red)).Mask.Pixels.ToArray());
        Assert.Equal(new[] { false, true, true }, MaskBinarizer.Binarize(image, MaskBinarizationOptions.ForChannel(MaskChannel.Green)).Mask.Pixels.ToArray());
        Assert.Equal(new[] { false, true, true }, MaskBinarizer.Binarize(image, MaskBinarizationOptions.ForChannel(MaskChannel.Luminance)).Mask.Pixels.ToArray());

        var exact = MaskBinarizer.Binarize(image, MaskBinarizationOptions.ForExactColour(0, 255, 0));
        Assert.Equal(new[] { false, true, false }, exact.Mask.Pixels.ToArray());
        Assert.Equal(2, exact.NonBinaryPixelCount);
    }

    [Fact]
    public void Alpha_channel_option_reads_transparency()
    {
        var path = _temp.File("alpha-mask.png");
        using (var image = new Image<Rgba32>(2, 1, new Rgba32(255, 255, 255, 0)))
        {
            image[1, 0] = new Rgba32(0, 0, 0, 255);
            image.Save(path, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
        }

        using var decoded = new ImageDecoder().Decode(path);
        Assert.Equal(new[] { false, true }, MaskBinarizer.Binarize(decoded, MaskBinarizationOptions.ForChannel(MaskChannel.Alpha)).Mask.Pixels.ToArray());
        Assert.Equal(new[] { true, false }, MaskBinarizer.Binarize(decoded).Mask.Pixels.ToArray());
    }

    [Fact]
    public void All_black_mask_is_empty()
    {
        using var image = new Image<Rgb24>(4, 4);
        var result = MaskBinarizer.Binarize(image);
        Assert.True(result.IsEmpty);
        Assert.True(result.Mask.IsEmpty);
        Assert.True(result.WasAlreadyBinary);
    }
}
