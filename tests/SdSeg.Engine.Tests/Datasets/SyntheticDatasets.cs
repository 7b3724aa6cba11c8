using BitMiracle.LibTiff.Classic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Engine.Tests.Datasets;

/// <summary>Writes small synthetic datasets: textured images with an elliptical "lesion" and masks of it (exact PNG or lossy JPEG).</summary>
public static class SyntheticDatasets
{
    /// <summary>A textured RGB image, seeded, with a brighter ellipse where the mask is foreground.</summary>
    public static Image<Rgb24> TexturedImage(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var inside = InEllipse(x, y, width, height);
                var noise = random.Next(40);
                image[x, y] = new Rgb24((byte)((inside ? 180 : 60) + noise), (byte)((x * 7 + y * 3) % 90 + noise), (byte)(inside ? 90 : 30));
            }
        }

        return image;
    }

    /// <summary>A 0/255 mask of the ellipse the textured image shows.</summary>
    public static Image<L8> EllipseMask(int width, int height)
    {
        var mask = new Image<L8>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                mask[x, y] = new L8(InEllipse(x, y, width, height) ? (byte)255 : (byte)0);
            }
        }

        return mask;
    }

    /// <summary>Writes an image and its mask; the extensions decide the formats (.jpg masks become lossy, hence non-binary).</summary>
    public static void WritePair(string imagePath, string maskPath, int width = 37, int height = 29, int seed = 1)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(imagePath)!);
        Directory.CreateDirectory(Path.GetDirectoryName(maskPath)!);
        using (var image = TexturedImage(width, height, seed))
        {
            Save(image, imagePath);
        }

        using var mask = EllipseMask(width, height);
        Save(mask, maskPath);
    }

    /// <summary>Writes a generic images/ + masks/ dataset of <paramref name="stems"/> in the given order.</summary>
    public static void WriteGeneric(string root, IEnumerable<string> stems, string imageExtension = ".png", string maskExtension = ".png")
    {
        foreach (var stem in stems)
        {
            // Size and texture follow from the name, so the same stem gives the same pair whatever the writing order.
            var seed = stem.Sum(c => c);
            WritePair(Path.Combine(root, "images", stem + imageExtension), Path.Combine(root, "masks", stem + maskExtension), 31 + (seed % 5), 23 + (seed % 3), seed);
        }
    }

    public static void Save(Image image, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (Path.GetExtension(path) is ".jpg" or ".jpeg")
        {
            image.Save(path, new JpegEncoder { Quality = 75 });
        }
        else
        {
            image.Save(path);
        }
    }

    /// <summary>A 3-samples-per-pixel 8-bit TIFF whose photometric tag says gray (ImageSharp 2.x refuses it; LibTiff reads it),
    /// as in CVC-ClinicDB's original release. <paramref name="pixel"/> gives each pixel's RGB.</summary>
    public static void WriteGrayTaggedRgbTiff(string path, int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var tiff = Tiff.Open(path, "w") ?? throw new InvalidOperationException("LibTiff could not create " + path);
        tiff.SetField(TiffTag.IMAGEWIDTH, width);
        tiff.SetField(TiffTag.IMAGELENGTH, height);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 3);
        tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.COMPRESSION, Compression.NONE);
        tiff.SetField(TiffTag.ROWSPERSTRIP, height);
        var row = new byte[width * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                (row[x * 3], row[(x * 3) + 1], row[(x * 3) + 2]) = pixel(x, y);
            }

            tiff.WriteScanline(row, y);
        }
    }

    public static bool InEllipse(int x, int y, int width, int height)
    {
        var dx = (x - (width / 2.0)) / (width / 3.0);
        var dy = (y - (height / 2.0)) / (height / 3.0);
        return (dx * dx) + (dy * dy) <= 1;
    }
}
