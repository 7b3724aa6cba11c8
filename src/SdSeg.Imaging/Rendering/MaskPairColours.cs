using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Rendering;

/// <summary>Colours for the three non-background cases when two masks are compared.</summary>
/// <param name="Both">Foreground in both masks.</param>
/// <param name="FirstOnly">Foreground only in the first mask.</param>
/// <param name="SecondOnly">Foreground only in the second mask.</param>
public sealed record MaskPairColours(Rgb24 Both, Rgb24 FirstOnly, Rgb24 SecondOnly)
{
    /// <summary>Prediction vs ground truth: true positive green, false positive red, false negative blue.</summary>
    public static MaskPairColours Difference { get; } = new(new Rgb24(0, 200, 0), new Rgb24(230, 30, 30), new Rgb24(30, 90, 255));

    /// <summary>Model A vs model B: agreement white, only A orange, only B cyan.</summary>
    public static MaskPairColours Disagreement { get; } = new(new Rgb24(255, 255, 255), new Rgb24(255, 140, 0), new Rgb24(0, 200, 220));
}
