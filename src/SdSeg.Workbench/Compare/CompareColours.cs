using SdSeg.Workbench.Datasets;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Compare;

/// <summary>The colours of the compare view's mask layers: ground truth as in the dataset viewer, each run its own.</summary>
public static class CompareColours
{
    /// <summary>Ground truth: the dataset viewer's green.</summary>
    public static Rgb24 GroundTruth => DatasetPreviewRenderer.MaskColour;

    /// <summary>Run masks by position in the comparison: magenta, yellow, sky blue, violet (none of them green, red or blue, which the difference maps use).</summary>
    public static IReadOnlyList<Rgb24> Runs { get; } = [new(230, 0, 230), new(255, 210, 0), new(0, 190, 255), new(150, 90, 255)];

    /// <summary>The colour of the run at <paramref name="slot"/> (wrapping round).</summary>
    public static Rgb24 Run(int slot) => Runs[((slot % Runs.Count) + Runs.Count) % Runs.Count];

    /// <summary>CSS hex of a colour, e.g. for legends.</summary>
    public static string Css(Rgb24 colour) => $"#{colour.R:x2}{colour.G:x2}{colour.B:x2}";
}
