namespace SdSeg.Imaging.Decoding;

/// <summary>Limits applied by <see cref="ImageDecoder"/> before any pixel is decoded.</summary>
public sealed record ImageDecoderOptions
{
    /// <summary>The default maximum: 50 megapixels (a 1920x1080 frame is about 2).</summary>
    public const long DefaultMaxPixelCount = 50_000_000;

    /// <summary>Images whose header declares more than this many pixels are refused.</summary>
    public long MaxPixelCount { get; init; } = DefaultMaxPixelCount;
}
