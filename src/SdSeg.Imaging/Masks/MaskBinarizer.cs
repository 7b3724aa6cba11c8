using SdSeg.Imaging.Decoding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Masks;

/// <summary>Turns decoded mask images (lossy JPEG, 1/8/16-bit PNG, TIFF...) into <see cref="BinaryMask"/>s.</summary>
public static class MaskBinarizer
{
    /// <summary>Binarises with <paramref name="options"/> (default: any colour channel above half the type's maximum).</summary>
    public static MaskBinarizationResult Binarize(DecodedImage image, MaskBinarizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Image switch
        {
            Image<L8> gray => Binarize(gray, options, p => (p.PackedValue, p.PackedValue, p.PackedValue, byte.MaxValue), byte.MaxValue),
            Image<L16> gray16 => Binarize(gray16, options, p => (p.PackedValue, p.PackedValue, p.PackedValue, ushort.MaxValue), ushort.MaxValue),
            Image<Rgb24> rgb => Binarize(rgb, options, p => (p.R, p.G, p.B, byte.MaxValue), byte.MaxValue),
            Image<Rgba32> rgba => Binarize(rgba, options, p => (p.R, p.G, p.B, p.A), byte.MaxValue),
            _ => throw new ArgumentException($"Unsupported pixel type {image.Image.GetType().Name}.", nameof(image)),
        };
    }

    /// <summary>Binarises any 8-bit RGB image (e.g. one made in memory) with <paramref name="options"/>.</summary>
    public static MaskBinarizationResult Binarize(Image<Rgb24> image, MaskBinarizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Binarize(image, options, p => (p.R, p.G, p.B, byte.MaxValue), byte.MaxValue);
    }

    private static MaskBinarizationResult Binarize<TPixel>(
        Image<TPixel> image,
        MaskBinarizationOptions? options,
        Func<TPixel, (int R, int G, int B, int A)> channels,
        int max)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        options ??= MaskBinarizationOptions.Default;
        var pixels = new TPixel[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        var mask = new BinaryMask(image.Width, image.Height);
        var output = mask.Pixels;
        var half = max / 2;
        long foreground = 0, nonBinary = 0;
        var exact = options.ExactColour is { } c
            ? (R: c.R * (max / byte.MaxValue), G: c.G * (max / byte.MaxValue), B: c.B * (max / byte.MaxValue))
            : ((int R, int G, int B)?)null;

        for (var i = 0; i < pixels.Length; i++)
        {
            var (r, g, b, a) = channels(pixels[i]);
            bool isForeground, isNonBinary;
            if (exact is { } e)
            {
                isForeground = r == e.R && g == e.G && b == e.B;
                isNonBinary = !isForeground && (r | g | b) != 0;
            }
            else
            {
                (isForeground, isNonBinary) = options.Channel switch
                {
                    MaskChannel.AnyColour => (r > half || g > half || b > half, !IsExtreme(r, max) || !IsExtreme(g, max) || !IsExtreme(b, max)),
                    MaskChannel.Red => (r > half, !IsExtreme(r, max)),
                    MaskChannel.Green => (g > half, !IsExtreme(g, max)),
                    MaskChannel.Blue => (b > half, !IsExtreme(b, max)),
                    MaskChannel.Alpha => (a > half, !IsExtreme(a, max)),
                    MaskChannel.Luminance => ((0.2126 * r) + (0.7152 * g) + (0.0722 * b) > half, !((r | g | b) == 0 || (r == max && g == max && b == max))),
                    _ => throw new ArgumentOutOfRangeException(nameof(options), options.Channel, "Unknown mask channel."),
                };
            }

            output[i] = isForeground;
            if (isForeground)
            {
                foreground++;
            }

            if (isNonBinary)
            {
                nonBinary++;
            }
        }

        return new MaskBinarizationResult(mask, foreground, nonBinary);
    }

    private static bool IsExtreme(int value, int max) => value == 0 || value == max;
}
