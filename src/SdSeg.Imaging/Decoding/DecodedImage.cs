using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Decoding;

/// <summary>A decoded image: the ImageSharp pixels in a known <see cref="PixelLayout"/> plus the header it came from.</summary>
public sealed class DecodedImage : IDisposable
{
    public DecodedImage(Image image, PixelLayout layout, ImageFileInfo source, bool decodedByLibTiff)
    {
        ArgumentNullException.ThrowIfNull(image);
        var expected = layout switch
        {
            PixelLayout.Gray8 => typeof(Image<L8>),
            PixelLayout.Gray16 => typeof(Image<L16>),
            PixelLayout.Rgb24 => typeof(Image<Rgb24>),
            PixelLayout.Rgba32 => typeof(Image<Rgba32>),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown pixel layout."),
        };
        if (image.GetType() != expected)
        {
            throw new ArgumentException($"Layout {layout} needs {expected.Name}, got {image.GetType().Name}.", nameof(image));
        }

        Image = image;
        Layout = layout;
        Source = source;
        DecodedByLibTiff = decodedByLibTiff;
    }

    /// <summary>The pixels: Image&lt;L8&gt;, Image&lt;L16&gt;, Image&lt;Rgb24&gt; or Image&lt;Rgba32&gt; as <see cref="Layout"/> says.</summary>
    public Image Image { get; }

    /// <summary>The pixel type of <see cref="Image"/>.</summary>
    public PixelLayout Layout { get; }

    /// <summary>The header information identified before decoding.</summary>
    public ImageFileInfo Source { get; }

    /// <summary>True when ImageSharp refused the TIFF and LibTiff.NET decoded it.</summary>
    public bool DecodedByLibTiff { get; }

    public int Width => Image.Width;

    public int Height => Image.Height;

    /// <summary>The largest value a channel can hold: 65535 for <see cref="PixelLayout.Gray16"/>, else 255.</summary>
    public int ChannelMaximum => Layout == PixelLayout.Gray16 ? ushort.MaxValue : byte.MaxValue;

    /// <summary>A new 8-bit RGB copy (gray is replicated, alpha dropped); the caller disposes it.</summary>
    public Image<Rgb24> ToRgb24() => Image.CloneAs<Rgb24>();

    public void Dispose() => Image.Dispose();
}
