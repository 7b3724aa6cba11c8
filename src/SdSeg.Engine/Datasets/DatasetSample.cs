namespace SdSeg.Engine.Datasets;

/// <summary>A valid image/mask pair and its statistics.</summary>
/// <param name="Stem">The shared file stem; the sample's identity in splits.</param>
/// <param name="ImagePath">The image file (full path in a scan report, relative to the dataset folder in dataset.json).</param>
/// <param name="MaskPath">The mask file (as <paramref name="ImagePath"/>).</param>
/// <param name="Width">Width in pixels (image and mask agree).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="ForegroundFraction">Foreground pixels over all pixels, after binarisation.</param>
/// <param name="NonBinaryPixelCount">Mask pixels the threshold decided (neither 0 nor the maximum).</param>
/// <param name="StrayPixelCount">Foreground pixels with no foreground among their 8 neighbours.</param>
public sealed record DatasetSample(
    string Stem,
    string ImagePath,
    string MaskPath,
    int Width,
    int Height,
    double ForegroundFraction,
    long NonBinaryPixelCount,
    int StrayPixelCount);
