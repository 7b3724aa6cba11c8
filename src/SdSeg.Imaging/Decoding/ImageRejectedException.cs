namespace SdSeg.Imaging.Decoding;

/// <summary>An image file was refused by <see cref="ImageDecoder"/>; the message names the file and the reason.</summary>
public sealed class ImageRejectedException : Exception
{
    public ImageRejectedException(string fileName, ImageRejectionReason reason, string detail, Exception? inner = null)
        : base($"Cannot use image '{fileName}': {detail}", inner)
    {
        FileName = fileName;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>The file name (not the full path) of the refused image.</summary>
    public string FileName { get; }

    /// <summary>The category of the refusal.</summary>
    public ImageRejectionReason Reason { get; }

    /// <summary>The specific explanation, without the file name.</summary>
    public string Detail { get; }
}
