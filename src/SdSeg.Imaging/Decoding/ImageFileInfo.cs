namespace SdSeg.Imaging.Decoding;

/// <summary>What an image file's header says, read without decoding its pixels.</summary>
/// <param name="FileName">The file name used in messages.</param>
/// <param name="Format">The detected container format.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="BitsPerPixel">Bits per pixel as stored (e.g. 1, 8, 16, 24, 32, 48).</param>
/// <param name="BitsPerSample">Bits per channel sample as stored (1, 2, 4, 8 or 16).</param>
/// <param name="HasAlpha">Whether the source carries transparency.</param>
/// <param name="Layout">The pixel layout <see cref="ImageDecoder.Decode(string)"/> will produce.</param>
public sealed record ImageFileInfo(
    string FileName,
    ImageFileFormat Format,
    int Width,
    int Height,
    int BitsPerPixel,
    int BitsPerSample,
    bool HasAlpha,
    PixelLayout Layout)
{
    /// <summary>Width times height.</summary>
    public long PixelCount => (long)Width * Height;
}
