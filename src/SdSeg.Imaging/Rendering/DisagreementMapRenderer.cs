using SdSeg.Imaging.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Rendering;

/// <summary>Shows where two predicted masks (e.g. two runs) agree on foreground and where only one of them marks it.</summary>
public static class DisagreementMapRenderer
{
    /// <summary>An RGBA map; pixels both call background are transparent.</summary>
    public static Image<Rgba32> Render(BinaryMask first, BinaryMask second, MaskPairColours? colours = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        return MaskPairPainter.Paint(first, second, colours ?? MaskPairColours.Disagreement);
    }

    /// <summary>The map blended over <paramref name="image"/>; shared background shows the image dimmed.</summary>
    public static Image<Rgb24> RenderOver(
        Image<Rgb24> image,
        BinaryMask first,
        BinaryMask second,
        MaskPairColours? colours = null,
        float opacity = 0.6f,
        float backgroundBrightness = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(first);
        return MaskPairPainter.PaintOver(image, first, second, colours ?? MaskPairColours.Disagreement, opacity, backgroundBrightness);
    }

    /// <summary>Pixels where exactly one of the masks is foreground (XOR).</summary>
    public static BinaryMask Disagreement(BinaryMask first, BinaryMask second)
    {
        ArgumentNullException.ThrowIfNull(first);
        first.EnsureSameSize(second, nameof(second));
        var result = new BinaryMask(first.Width, first.Height);
        var a = first.Pixels;
        var b = second.Pixels;
        var r = result.Pixels;
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = a[i] ^ b[i];
        }

        return result;
    }
}
