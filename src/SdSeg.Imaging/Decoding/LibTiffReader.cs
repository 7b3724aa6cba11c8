using BitMiracle.LibTiff.Classic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Decoding;

/// <summary>Reads TIFF tags and pixels with LibTiff.NET, for the TIFFs ImageSharp 2.x refuses.</summary>
internal static class LibTiffReader
{
    static LibTiffReader() => Tiff.SetErrorHandler(new RecordingErrorHandler());

    /// <summary>The tags that decide dimensions and layout, read from the first directory only.</summary>
    internal sealed record TiffTags(int Width, int Height, int SamplesPerPixel, int BitsPerSample, Photometric Photometric, PlanarConfig Planar, int ExtraSamples);

    public static TiffTags ReadTags(Stream stream, string fileName)
    {
        stream.Position = 0;
        using var tiff = Open(stream, fileName);
        return ReadTags(tiff);
    }

    public static PixelLayout LayoutFor(TiffTags tags)
    {
        var gray = tags.Photometric is Photometric.MINISBLACK or Photometric.MINISWHITE;
        if (gray && tags.SamplesPerPixel == 1)
        {
            return tags.BitsPerSample > 8 ? PixelLayout.Gray16 : PixelLayout.Gray8;
        }

        return tags.SamplesPerPixel == 2 || tags.SamplesPerPixel >= 4 || tags.ExtraSamples > 0 ? PixelLayout.Rgba32 : PixelLayout.Rgb24;
    }

    /// <summary>Decodes the first directory. Contiguous 8/16-bit gray or RGB data is read by scanline, taking 3 samples as RGB
    /// whatever the photometric tag claims; anything else goes through LibTiff's RGBA renderer.</summary>
    public static (Image Image, PixelLayout Layout) Decode(Stream stream, string fileName)
    {
        stream.Position = 0;
        using var tiff = Open(stream, fileName);
        var tags = ReadTags(tiff);
        var sampleFormat = (SampleFormat)tiff.GetFieldDefaulted(TiffTag.SAMPLEFORMAT)[0].ToInt();
        var scanlineReadable = !tiff.IsTiled()
            && tags.Planar == PlanarConfig.CONTIG
            && tags.BitsPerSample is 8 or 16
            && tags.SamplesPerPixel is >= 1 and <= 4
            && sampleFormat == SampleFormat.UINT
            && tags.Photometric is Photometric.MINISBLACK or Photometric.MINISWHITE or Photometric.RGB;
        return scanlineReadable ? DecodeScanlines(tiff, tags, fileName) : DecodeRgba(tiff, tags, fileName);
    }

    private static Tiff Open(Stream stream, string fileName)
    {
        RecordingErrorHandler.LastError = null;
        return Tiff.ClientOpen(fileName, "r", stream, new BorrowedTiffStream())
            ?? throw new InvalidDataException("LibTiff could not open the TIFF: " + (RecordingErrorHandler.LastError ?? "unknown error"));
    }

    private static TiffTags ReadTags(Tiff tiff)
    {
        var width = tiff.GetField(TiffTag.IMAGEWIDTH)?[0].ToInt() ?? throw new InvalidDataException("The TIFF has no ImageWidth tag.");
        var height = tiff.GetField(TiffTag.IMAGELENGTH)?[0].ToInt() ?? throw new InvalidDataException("The TIFF has no ImageLength tag.");
        var samples = tiff.GetFieldDefaulted(TiffTag.SAMPLESPERPIXEL)[0].ToInt();
        var bits = tiff.GetFieldDefaulted(TiffTag.BITSPERSAMPLE)[0].ToInt();
        var photometric = (Photometric)(tiff.GetField(TiffTag.PHOTOMETRIC)?[0].ToInt() ?? (samples >= 3 ? (int)Photometric.RGB : (int)Photometric.MINISBLACK));
        var planar = (PlanarConfig)tiff.GetFieldDefaulted(TiffTag.PLANARCONFIG)[0].ToInt();
        var extra = tiff.GetField(TiffTag.EXTRASAMPLES)?[0].ToInt() ?? 0;
        return new TiffTags(width, height, samples, bits, photometric, planar, extra);
    }

    private static (Image, PixelLayout) DecodeScanlines(Tiff tiff, TiffTags tags, string fileName)
    {
        var (w, h, spp) = (tags.Width, tags.Height, tags.SamplesPerPixel);
        var wide = tags.BitsPerSample == 16;
        var invert = tags.Photometric == Photometric.MINISWHITE;
        var line = new byte[Math.Max(tiff.ScanlineSize(), w * spp * (wide ? 2 : 1))];
        var layout = LayoutFor(tags);

        // Samples are read as 16-bit values (8-bit ones widened) and narrowed per target layout.
        var values = new ushort[w * spp];
        Image result = layout switch
        {
            PixelLayout.Gray8 => new Image<L8>(w, h),
            PixelLayout.Gray16 => new Image<L16>(w, h),
            PixelLayout.Rgb24 => new Image<Rgb24>(w, h),
            _ => new Image<Rgba32>(w, h),
        };
        try
        {
            for (var y = 0; y < h; y++)
            {
                RecordingErrorHandler.LastError = null;
                if (!tiff.ReadScanline(line, y))
                {
                    throw new InvalidDataException($"LibTiff could not read row {y}: {RecordingErrorHandler.LastError ?? "truncated or corrupt strip"}");
                }

                for (var i = 0; i < values.Length; i++)
                {
                    var v = wide ? BitConverter.ToUInt16(line, i * 2) : (ushort)line[i];
                    if (invert)
                    {
                        v = (ushort)((wide ? ushort.MaxValue : byte.MaxValue) - v);
                    }

                    values[i] = v;
                }

                WriteRow(result, y, values, spp, wide);
            }

            return (result, layout);
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static void WriteRow(Image image, int y, ushort[] v, int spp, bool wide)
    {
        byte N(ushort s) => wide ? (byte)(s >> 8) : (byte)s;
        switch (image)
        {
            case Image<L8> gray:
                for (var x = 0; x < gray.Width; x++) { gray[x, y] = new L8(N(v[x])); }
                break;
            case Image<L16> gray16:
                for (var x = 0; x < gray16.Width; x++) { gray16[x, y] = new L16(wide ? v[x] : (ushort)(v[x] * 257)); }
                break;
            case Image<Rgb24> rgb:
                for (var x = 0; x < rgb.Width; x++) { rgb[x, y] = new Rgb24(N(v[x * spp]), N(v[x * spp + 1]), N(v[x * spp + 2])); }
                break;
            case Image<Rgba32> rgba when spp == 2:
                for (var x = 0; x < rgba.Width; x++) { var g = N(v[x * 2]); rgba[x, y] = new Rgba32(g, g, g, N(v[x * 2 + 1])); }
                break;
            case Image<Rgba32> rgba:
                for (var x = 0; x < rgba.Width; x++)
                {
                    var a = spp >= 4 ? N(v[x * spp + 3]) : byte.MaxValue;
                    rgba[x, y] = new Rgba32(N(v[x * spp]), N(v[x * spp + 1]), N(v[x * spp + 2]), a);
                }

                break;
        }
    }

    private static (Image, PixelLayout) DecodeRgba(Tiff tiff, TiffTags tags, string fileName)
    {
        var raster = new int[checked(tags.Width * tags.Height)];
        RecordingErrorHandler.LastError = null;
        if (!tiff.ReadRGBAImageOriented(tags.Width, tags.Height, raster, Orientation.TOPLEFT))
        {
            throw new InvalidDataException("LibTiff could not render the TIFF: " + (RecordingErrorHandler.LastError ?? "unsupported layout"));
        }

        var image = new Image<Rgba32>(tags.Width, tags.Height);
        for (var y = 0; y < tags.Height; y++)
        {
            for (var x = 0; x < tags.Width; x++)
            {
                var p = raster[y * tags.Width + x];
                image[x, y] = new Rgba32((byte)Tiff.GetR(p), (byte)Tiff.GetG(p), (byte)Tiff.GetB(p), (byte)Tiff.GetA(p));
            }
        }

        return (image, PixelLayout.Rgba32);
    }

    /// <summary>LibTiff closes its stream on dispose; the caller owns this one and reads it again.</summary>
    private sealed class BorrowedTiffStream : TiffStream
    {
        public override void Close(object clientData)
        {
        }
    }

    /// <summary>Keeps LibTiff quiet on stderr and remembers the last error for the exception message.</summary>
    private sealed class RecordingErrorHandler : TiffErrorHandler
    {
        [ThreadStatic]
        internal static string? LastError;

        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) => LastError = Format(method, format, args);

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) => LastError = Format(method, format, args);

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }

        private static string Format(string method, string format, object[] args)
        {
            try
            {
                return $"{method}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args)}";
            }
            catch (FormatException)
            {
                return $"{method}: {format}";
            }
        }
    }
}
