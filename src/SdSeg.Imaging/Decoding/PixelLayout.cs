namespace SdSeg.Imaging.Decoding;

/// <summary>The in-memory pixel type a decoded image is held in.</summary>
public enum PixelLayout
{
    /// <summary>8-bit grayscale (ImageSharp L8); also used for 1/2/4-bit gray, scaled to 0..255.</summary>
    Gray8,

    /// <summary>16-bit grayscale (ImageSharp L16).</summary>
    Gray16,

    /// <summary>8-bit RGB (ImageSharp Rgb24); 16-bit colour is reduced to 8 bits per channel.</summary>
    Rgb24,

    /// <summary>8-bit RGB with alpha (ImageSharp Rgba32), for sources that carry transparency.</summary>
    Rgba32,
}
