using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Metrics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Rendering;

/// <summary>Draws a binary mask over an image as a tinted fill or outline.</summary>
public static class MaskOverlayRenderer
{
    /// <summary>A new image: <paramref name="image"/> with the mask blended in; the caller disposes it.</summary>
    public static Image<Rgb24> Render(Image<Rgb24> image, BinaryMask mask, MaskOverlayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        options ??= new MaskOverlayOptions();
        PixelBlending.EnsureUnitInterval(options.Opacity, nameof(options.Opacity));
        PixelBlending.EnsureSize(image.Width, image.Height, mask.Width, mask.Height, nameof(mask));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.OutlineWidth, nameof(options.OutlineWidth));

        var painted = options.Mode == OverlayMode.Outline ? Outline(mask, options.OutlineWidth) : mask;
        var result = image.Clone();
        var pixels = painted.Pixels.ToArray();
        result.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    if (pixels[(y * row.Length) + x])
                    {
                        row[x] = PixelBlending.Blend(row[x], options.Colour, options.Opacity);
                    }
                }
            }
        });
        return result;
    }

    /// <summary>Foreground pixels closer than <paramref name="width"/> to the mask boundary.</summary>
    public static BinaryMask Outline(BinaryMask mask, int width)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var boundary = mask.Boundary();
        if (width == 1)
        {
            return boundary;
        }

        var squared = EuclideanDistanceTransform.SquaredDistanceToForeground(boundary);
        var outline = new BinaryMask(mask.Width, mask.Height);
        var source = mask.Pixels;
        var target = outline.Pixels;
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = source[i] && squared[i] < (double)width * width;
        }

        return outline;
    }
}
