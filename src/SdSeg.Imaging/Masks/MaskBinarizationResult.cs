namespace SdSeg.Imaging.Masks;

/// <summary>A binarised mask and what the binarisation saw.</summary>
/// <param name="Mask">The binary mask.</param>
/// <param name="ForegroundPixelCount">Foreground pixels in <paramref name="Mask"/>.</param>
/// <param name="NonBinaryPixelCount">Pixels whose deciding value was neither 0 nor the maximum, so the threshold (not the file) decided them;
/// for an exact colour: pixels that were neither that colour nor black.</param>
public sealed record MaskBinarizationResult(BinaryMask Mask, long ForegroundPixelCount, long NonBinaryPixelCount)
{
    /// <summary>True when no pixel is foreground.</summary>
    public bool IsEmpty => ForegroundPixelCount == 0;

    /// <summary>True when every pixel was exactly 0 or the maximum.</summary>
    public bool WasAlreadyBinary => NonBinaryPixelCount == 0;
}
