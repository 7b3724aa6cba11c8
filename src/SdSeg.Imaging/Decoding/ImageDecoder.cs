using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Decoding;

/// <summary>Identifies and decodes PNG, JPEG, BMP and TIFF files safely: format and pixel-count limits are checked from the header before decoding.</summary>
public sealed class ImageDecoder
{
    private static readonly Configuration DecodingConfiguration = CreateConfiguration();
    private readonly ImageDecoderOptions _options;

    public ImageDecoder(ImageDecoderOptions? options = null)
    {
        _options = options ?? new ImageDecoderOptions();
        if (_options.MaxPixelCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxPixelCount, "MaxPixelCount must be positive.");
        }
    }

    /// <summary>Reads format, size and bit depth from the header; throws <see cref="ImageRejectedException"/> for unsupported, oversized or corrupt files.</summary>
    public ImageFileInfo Identify(string path)
    {
        using var stream = OpenFile(path);
        return Identify(stream, Path.GetFileName(path));
    }

    /// <summary>As <see cref="Identify(string)"/>, from a seekable stream; <paramref name="fileName"/> is used in messages.</summary>
    public ImageFileInfo Identify(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable.", nameof(stream));
        }

        var format = DetectFormat(stream, fileName);
        var info = format == ImageFileFormat.Tiff ? IdentifyTiff(stream, fileName) : IdentifyWithImageSharp(stream, fileName, format);
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new ImageRejectedException(fileName, ImageRejectionReason.Corrupt, $"the header declares an empty size {info.Width}x{info.Height}.");
        }

        if (info.PixelCount > _options.MaxPixelCount)
        {
            throw new ImageRejectedException(
                fileName,
                ImageRejectionReason.TooManyPixels,
                $"the header declares {info.Width}x{info.Height} = {info.PixelCount / 1e6:0.#} megapixels, above the limit of {_options.MaxPixelCount / 1e6:0.#} megapixels; it was not decoded.");
        }

        return info;
    }

    /// <summary>Identifies, checks the limits, then decodes the file into the layout its header calls for.</summary>
    public DecodedImage Decode(string path)
    {
        using var stream = OpenFile(path);
        return Decode(stream, Path.GetFileName(path));
    }

    /// <summary>As <see cref="Decode(string)"/>, from a seekable stream; <paramref name="fileName"/> is used in messages.</summary>
    public DecodedImage Decode(Stream stream, string fileName)
    {
        var info = Identify(stream, fileName);
        if (info.Format == ImageFileFormat.Jpeg && !HasJpegEndMarker(stream))
        {
            throw new ImageRejectedException(fileName, ImageRejectionReason.Corrupt, "the JPEG is truncated (no end-of-image marker).");
        }

        stream.Position = 0;
        Image image;
        var layout = info.Layout;
        var byLibTiff = false;
        try
        {
            image = LoadWithImageSharp(stream, layout);
        }
        catch (Exception ex) when (info.Format == ImageFileFormat.Tiff && IsDecoderFailure(ex))
        {
            try
            {
                (image, layout) = LibTiffReader.Decode(stream, fileName);
                byLibTiff = true;
            }
            catch (Exception fallback) when (IsDecoderFailure(fallback))
            {
                throw new ImageRejectedException(
                    fileName,
                    ImageRejectionReason.Corrupt,
                    $"neither ImageSharp ({ex.Message}) nor LibTiff ({fallback.Message}) could decode this TIFF.",
                    fallback);
            }
        }
        catch (Exception ex) when (IsDecoderFailure(ex))
        {
            throw new ImageRejectedException(fileName, ImageRejectionReason.Corrupt, $"the {info.Format} data is truncated or corrupt ({ex.Message}).", ex);
        }

        if (image.Width != info.Width || image.Height != info.Height)
        {
            image.Dispose();
            throw new ImageRejectedException(
                fileName,
                ImageRejectionReason.Corrupt,
                $"the decoded size {image.Width}x{image.Height} differs from the header's {info.Width}x{info.Height}.");
        }

        return new DecodedImage(image, layout, info with { Layout = layout }, byLibTiff);
    }

    private static Configuration CreateConfiguration()
    {
        var configuration = new Configuration(
            new PngConfigurationModule(),
            new JpegConfigurationModule(),
            new BmpConfigurationModule(),
            new TiffConfigurationModule());

        // Multi-page TIFFs: only the first page is wanted, and only it was checked against the pixel limit.
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }

    private static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageRejectedException(Path.GetFileName(path), ImageRejectionReason.Unreadable, ex.Message, ex);
        }
    }

    private static bool IsDecoderFailure(Exception ex) => ex is not (OperationCanceledException or ImageRejectedException);

    private static ImageFileFormat DetectFormat(Stream stream, string fileName)
    {
        stream.Position = 0;
        IImageFormat? detected;
        try
        {
            // The default configuration knows more formats than we decode, so the refusal can name them.
            detected = Image.DetectFormat(Configuration.Default, stream);
        }
        catch (Exception ex) when (IsDecoderFailure(ex))
        {
            throw new ImageRejectedException(fileName, ImageRejectionReason.Unreadable, ex.Message, ex);
        }

        return detected switch
        {
            null => throw new ImageRejectedException(fileName, ImageRejectionReason.UnrecognisedFormat, "the file is not a recognised image format (supported: PNG, JPEG, BMP, TIFF)."),
            PngFormat => ImageFileFormat.Png,
            JpegFormat => ImageFileFormat.Jpeg,
            BmpFormat => ImageFileFormat.Bmp,
            TiffFormat => ImageFileFormat.Tiff,
            _ => throw new ImageRejectedException(fileName, ImageRejectionReason.UnsupportedFormat, $"the {detected.Name} format is not supported (supported: PNG, JPEG, BMP, TIFF)."),
        };
    }

    private static IImageInfo IdentifyRaw(Stream stream, string fileName, ImageFileFormat format)
    {
        stream.Position = 0;
        IImageInfo? info;
        try
        {
            info = Image.Identify(DecodingConfiguration, stream, out _);
        }
        catch (Exception ex) when (IsDecoderFailure(ex))
        {
            throw new ImageRejectedException(fileName, ImageRejectionReason.Corrupt, $"the {format} header is truncated or corrupt ({ex.Message}).", ex);
        }

        return info ?? throw new ImageRejectedException(fileName, ImageRejectionReason.Corrupt, $"the {format} header could not be read.");
    }

    private static ImageFileInfo IdentifyWithImageSharp(Stream stream, string fileName, ImageFileFormat format)
    {
        var info = IdentifyRaw(stream, fileName, format);
        var bpp = info.PixelType?.BitsPerPixel ?? 0;
        var alpha = info.PixelType?.AlphaRepresentation is { } representation && representation != PixelAlphaRepresentation.None;
        return format switch
        {
            ImageFileFormat.Png => PngInfo(fileName, info, bpp),
            ImageFileFormat.Jpeg => new ImageFileInfo(fileName, format, info.Width, info.Height, bpp, 8, false, bpp == 8 ? PixelLayout.Gray8 : PixelLayout.Rgb24),
            _ => new ImageFileInfo(fileName, format, info.Width, info.Height, bpp, bpp >= 24 ? 8 : bpp, alpha, PixelLayout.Rgb24),
        };
    }

    private static ImageFileInfo PngInfo(string fileName, IImageInfo info, int bpp)
    {
        var png = info.Metadata.GetPngMetadata();
        var bitDepth = (int)(png.BitDepth ?? PngBitDepth.Bit8);
        var hasAlpha = png.ColorType is PngColorType.RgbWithAlpha or PngColorType.GrayscaleWithAlpha || png.HasTransparency;
        var layout = hasAlpha
            ? PixelLayout.Rgba32
            : png.ColorType == PngColorType.Grayscale
                ? (bitDepth == 16 ? PixelLayout.Gray16 : PixelLayout.Gray8)
                : PixelLayout.Rgb24;
        return new ImageFileInfo(fileName, ImageFileFormat.Png, info.Width, info.Height, bpp, bitDepth, hasAlpha, layout);
    }

    private static ImageFileInfo IdentifyTiff(Stream stream, string fileName)
    {
        // The TIFF tags (read by LibTiff, no pixels) decide the layout; ImageSharp's Identify alone cannot tell gray from palette.
        LibTiffReader.TiffTags tags;
        try
        {
            tags = LibTiffReader.ReadTags(stream, fileName);
        }
        catch (Exception ex) when (IsDecoderFailure(ex))
        {
            throw new ImageRejectedException(fileName, ImageRejectionReason.Corrupt, $"the TIFF header is truncated or corrupt ({ex.Message}).", ex);
        }

        var layout = LibTiffReader.LayoutFor(tags);
        return new ImageFileInfo(
            fileName,
            ImageFileFormat.Tiff,
            tags.Width,
            tags.Height,
            tags.BitsPerSample * tags.SamplesPerPixel,
            tags.BitsPerSample,
            layout == PixelLayout.Rgba32,
            layout);
    }

    // ImageSharp fills a cut-off JPEG with grey instead of failing. FF D9 cannot occur inside entropy-coded data
    // (FF is always stuffed there), so its absence from the tail means the file was cut; trailing junk is tolerated.
    private static bool HasJpegEndMarker(Stream stream)
    {
        var tailLength = (int)Math.Min(stream.Length, 4096);
        var tail = new byte[tailLength];
        stream.Position = stream.Length - tailLength;
        stream.ReadExactly(tail);
        return tail.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0;
    }

    private static Image LoadWithImageSharp(Stream stream, PixelLayout layout) => layout switch
    {
        PixelLayout.Gray8 => Image.Load<L8>(DecodingConfiguration, stream),
        PixelLayout.Gray16 => Image.Load<L16>(DecodingConfiguration, stream),
        PixelLayout.Rgb24 => Image.Load<Rgb24>(DecodingConfiguration, stream),
        _ => Image.Load<Rgba32>(DecodingConfiguration, stream),
    };
}
