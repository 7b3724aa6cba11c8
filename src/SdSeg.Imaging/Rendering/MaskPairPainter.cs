using SdSeg.Imaging.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Rendering;

/// <summary>Paints the four-way comparison of two masks, shared by the difference and disagreement maps.</summary>
internal static class MaskPairPainter
{
    public static Image<Rgba32> Paint(BinaryMask first, BinaryMask second, MaskPairColours colours)
    {
        first.EnsureSameSize(second, nameof(second));
        var (a, b) = (first.Pixels.ToArray(), second.Pixels.ToArray());
        var result = new Image<Rgba32>(first.Width, first.Height);
        result.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var i = (y * row.Length) + x;
                    row[x] = Pick(a[i], b[i], colours) is { } c ? new Rgba32(c.R, c.G, c.B, byte.MaxValue) : default;
                }
            }
        });
        return result;
    }

    public static Image<Rgb24> PaintOver(Image<Rgb24> image, BinaryMask first, BinaryMask second, MaskPairColours colours, float opacity, float backgroundBrightness)
    {
        ArgumentNullException.ThrowIfNull(image);
        PixelBlending.EnsureSize(image.Width, image.Height, first.Width, first.Height, nameof(first));
        first.EnsureSameSize(second, nameof(second));
        PixelBlending.EnsureUnitInterval(opacity, nameof(opacity));
        PixelBlending.EnsureUnitInterval(backgroundBrightness, nameof(backgroundBrightness));
        var (a, b) = (first.Pixels.ToArray(), second.Pixels.ToArray());
        var result = image.Clone();
        result.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var i = (y * row.Length) + x;
                    row[x] = Pick(a[i], b[i], colours) is { } c
                        ? PixelBlending.Blend(row[x], c, opacity)
                        : PixelBlending.Dim(row[x], backgroundBrightness);
                }
            }
        });
        return result;
    }

    private static Rgb24? Pick(bool first, bool second, MaskPairColours colours) => (first, second) switch
    {
        (true, true) => colours.Both,
        (true, false) => colours.FirstOnly,
        (false, true) => colours.SecondOnly,
        _ => null,
    };
}
