namespace SdSeg.Imaging.Decoding;

/// <summary>Why an image file was refused.</summary>
public enum ImageRejectionReason
{
    /// <summary>The file does not exist or cannot be read.</summary>
    Unreadable,

    /// <summary>The bytes are not any known image format.</summary>
    UnrecognisedFormat,

    /// <summary>A known format that this library does not decode (e.g. GIF, WebP).</summary>
    UnsupportedFormat,

    /// <summary>The header declares more pixels than the configured maximum.</summary>
    TooManyPixels,

    /// <summary>The file is truncated, corrupt or uses a feature no decoder here handles.</summary>
    Corrupt,
}
