using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Tests.Decoding;

public sealed class ImageDecoderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ImageDecoder _decoder = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Png_1bit_gray_decodes_to_gray8_with_0_and_255()
    {
        var path = _temp.File("one-bit.png");
        using (var image = new Image<L8>(9, 5))
        {
            image[3, 2] = new L8(255);
            image.Save(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit1 });
        }

        var info = _decoder.Identify(path);
        Assert.Equal((ImageFileFormat.Png, 9, 5, 1, PixelLayout.Gray8), (info.Format, info.Width, info.Height, info.BitsPerSample, info.Layout));
        using var decoded = _decoder.Decode(path);
        var gray = Assert.IsType<Image<L8>>(decoded.Image);
        Assert.Equal(255, gray[3, 2].PackedValue);
        Assert.Equal(0, gray[4, 2].PackedValue);
    }

    [Fact]
    public void Png_16bit_gray_keeps_16_bits()
    {
        var path = _temp.File("sixteen.png");
        using (var image = new Image<L16>(4, 3))
        {
            image[1, 1] = new L16(40000);
            image.Save(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });
        }

        using var decoded = _decoder.Decode(path);
        Assert.Equal(PixelLayout.Gray16, decoded.Layout);
        Assert.Equal(16, decoded.Source.BitsPerSample);
        Assert.Equal(40000, Assert.IsType<Image<L16>>(decoded.Image)[1, 1].PackedValue);
        Assert.Equal(65535, decoded.ChannelMaximum);
    }

    [Fact]
    public void Png_8bit_gray_rgb_palette_rgb16_and_alpha_decode_with_their_values()
    {
        using var source = TestImages.Gradient(12, 10);
        var cases = new (string Name, PngEncoder Encoder, PixelLayout Layout)[]
        {
            ("gray8.png", new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 }, PixelLayout.Gray8),
            ("rgb.png", new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 }, PixelLayout.Rgb24),
            ("rgb16.png", new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 }, PixelLayout.Rgb24),
            ("palette.png", new PngEncoder { ColorType = PngColorType.Palette, BitDepth = PngBitDepth.Bit8 }, PixelLayout.Rgb24),
            ("rgba.png", new PngEncoder { ColorType = PngColorType.RgbWithAlpha, BitDepth = PngBitDepth.Bit8 }, PixelLayout.Rgba32),
        };
        foreach (var (name, encoder, layout) in cases)
        {
            source.Save(_temp.File(name), encoder);
            using var decoded = _decoder.Decode(_temp.File(name));
            Assert.Equal(layout, decoded.Layout);
            using var rgb = decoded.ToRgb24();
            if (layout != PixelLayout.Gray8)
            {
                // Palette quantisation may move colours slightly; the others are exact.
                var tolerance = name == "palette.png" ? 12 : 0;
                Assert.InRange(Math.Abs(rgb[5, 3].R - 40), 0, tolerance);
                Assert.InRange(Math.Abs(rgb[5, 3].G - 24), 0, tolerance);
            }
        }
    }

    [Fact]
    public void Png_with_transparency_keeps_alpha()
    {
        var path = _temp.File("alpha.png");
        using (var image = new Image<Rgba32>(3, 3, new Rgba32(10, 20, 30, 255)))
        {
            image[1, 1] = new Rgba32(200, 0, 0, 0);
            image.Save(path, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
        }

        using var decoded = _decoder.Decode(path);
        Assert.True(decoded.Source.HasAlpha);
        Assert.Equal(0, Assert.IsType<Image<Rgba32>>(decoded.Image)[1, 1].A);
    }

    [Fact]
    public void Jpeg_bmp_and_tiff_decode_to_rgb()
    {
        using var source = TestImages.Gradient(16, 8);
        source.SaveAsJpeg(_temp.File("a.jpg"), new JpegEncoder { Quality = 95 });
        source.SaveAsBmp(_temp.File("a.bmp"), new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
        source.SaveAsTiff(_temp.File("a.tif"), new TiffEncoder());
        foreach (var (name, format, tolerance) in new[] { ("a.jpg", ImageFileFormat.Jpeg, 10), ("a.bmp", ImageFileFormat.Bmp, 0), ("a.tif", ImageFileFormat.Tiff, 0) })
        {
            using var decoded = _decoder.Decode(_temp.File(name));
            Assert.Equal(format, decoded.Source.Format);
            Assert.Equal(PixelLayout.Rgb24, decoded.Layout);
            Assert.False(decoded.DecodedByLibTiff);
            var pixel = Assert.IsType<Image<Rgb24>>(decoded.Image)[10, 4];
            Assert.InRange(Math.Abs(pixel.R - 80), 0, tolerance);
            Assert.InRange(Math.Abs(pixel.G - 32), 0, tolerance);
            Assert.InRange(Math.Abs(pixel.B - 100), 0, tolerance);
        }
    }

    [Fact]
    public void Gray_jpeg_decodes_to_gray8()
    {
        var path = _temp.File("gray.jpg");
        using (var image = new Image<L8>(8, 8, new L8(200)))
        {
            image.SaveAsJpeg(path, new JpegEncoder { ColorType = JpegColorType.Luminance, Quality = 100 });
        }

        using var decoded = _decoder.Decode(path);
        Assert.Equal(PixelLayout.Gray8, decoded.Layout);
    }

    [Fact]
    public void Tiff_with_three_samples_tagged_gray_is_refused_by_ImageSharp_and_decoded_by_LibTiff()
    {
        var path = _temp.File("gray-tagged-rgb.tif");
        TestImages.WriteGrayTaggedRgbTiff(path, 6, 4);

        var imageSharpError = Assert.ThrowsAny<Exception>(() => Image.Load<Rgb24>(path));
        Assert.Contains("BitsPerSample", imageSharpError.Message);

        var info = _decoder.Identify(path);
        Assert.Equal((ImageFileFormat.Tiff, 6, 4, 24, 8), (info.Format, info.Width, info.Height, info.BitsPerPixel, info.BitsPerSample));
        using var decoded = _decoder.Decode(path);
        Assert.True(decoded.DecodedByLibTiff);
        Assert.Equal(PixelLayout.Rgb24, decoded.Layout);
        Assert.Equal(new Rgb24(50, 30, 7), Assert.IsType<Image<Rgb24>>(decoded.Image)[5, 3]);
    }

    [Fact]
    public void Huge_png_header_is_refused_before_decoding()
    {
        var path = _temp.File("huge.png");
        File.WriteAllBytes(path, TestImages.PngWithClaimedSize(20000, 20000));
        Assert.True(new FileInfo(path).Length < 200);

        var error = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(path));
        Assert.Equal(ImageRejectionReason.TooManyPixels, error.Reason);
        Assert.Contains("huge.png", error.Message);
        Assert.Contains("20000x20000", error.Message);
        Assert.Contains("400 megapixels", error.Message);
    }

    [Fact]
    public void Pixel_limit_is_configurable()
    {
        var path = _temp.File("small.png");
        using (var image = TestImages.Gradient(10, 10))
        {
            image.SaveAsPng(path);
        }

        var strict = new ImageDecoder(new ImageDecoderOptions { MaxPixelCount = 99 });
        Assert.Equal(ImageRejectionReason.TooManyPixels, Assert.Throws<ImageRejectedException>(() => strict.Identify(path)).Reason);
        Assert.Equal(100, new ImageDecoder(new ImageDecoderOptions { MaxPixelCount = 100 }).Identify(path).PixelCount);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    [InlineData("tif")]
    public void Truncated_files_give_a_corrupt_error_naming_the_file(string extension)
    {
        var whole = _temp.File("whole." + extension);
        using (var image = new Image<Rgb24>(64, 64))
        {
            var random = new Random(1);
            for (var y = 0; y < 64; y++)
            {
                for (var x = 0; x < 64; x++)
                {
                    image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }

            image.Save(whole);
        }

        var bytes = File.ReadAllBytes(whole);
        var path = _temp.File("cut." + extension);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(path).Dispose());
        Assert.Equal(ImageRejectionReason.Corrupt, error.Reason);
        Assert.Contains("cut." + extension, error.Message);
    }

    [Fact]
    public void Unsupported_and_unknown_formats_are_refused_by_name()
    {
        var gif = _temp.File("anim.gif");
        using (var image = TestImages.Gradient(4, 4))
        {
            image.Save(gif, new GifEncoder());
        }

        var gifError = Assert.Throws<ImageRejectedException>(() => _decoder.Identify(gif));
        Assert.Equal(ImageRejectionReason.UnsupportedFormat, gifError.Reason);
        Assert.Contains("GIF", gifError.Message);

        var text = _temp.File("notes.png");
        File.WriteAllText(text, "this is not an image at all");
        Assert.Equal(ImageRejectionReason.UnrecognisedFormat, Assert.Throws<ImageRejectedException>(() => _decoder.Decode(text)).Reason);

        Assert.Equal(ImageRejectionReason.Unreadable, Assert.Throws<ImageRejectedException>(() => _decoder.Identify(_temp.File("missing.png"))).Reason);
    }
}
