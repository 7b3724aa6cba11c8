using SdSeg.Imaging.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Rendering;

/// <summary>Shows a prediction against ground truth: true positives, false positives and false negatives in distinct colours.</summary>
public static class DifferenceMapRenderer
{
    /// <summary>An RGBA map; true negatives are fully transparent (to lay over an image in a browser).</summary>
    public static Image<Rgba32> Render(BinaryMask prediction, BinaryMask groundTruth, MaskPairColours? colours = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return MaskPairPainter.Paint(prediction, groundTruth, colours ?? MaskPairColours.Difference);
    }

    /// <summary>The map blended over <paramref name="image"/>; true negatives show the image dimmed to <paramref name="trueNegativeBrightness"/>.</summary>
    public static Image<Rgb24> RenderOver(
        Image<Rgb24> image,
        BinaryMask prediction,
        BinaryMask groundTruth,
        MaskPairColours? colours = null,
        float opacity = 0.6f,
        float trueNegativeBrightness = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return MaskPairPainter.PaintOver(image, prediction, groundTruth, colours ?? MaskPairColours.Difference, opacity, trueNegativeBrightness);
    }
}
