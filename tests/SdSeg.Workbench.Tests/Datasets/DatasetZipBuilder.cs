using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Tests.Datasets;

/// <summary>Builds small dataset zips in the generic images/ + masks/ layout, with optional faults.</summary>
public static class DatasetZipBuilder
{
    public const int Width = 24;
    public const int Height = 16;

    /// <summary>Writes <paramref name="pairs"/> pairs named case0..; the mask of <paramref name="mismatchedStem"/> gets the wrong size;
    /// <paramref name="extraEntry"/> (e.g. "../evil.txt") is added as a text file.</summary>
    public static string Write(string folder, string fileName, int pairs, string? mismatchedStem = null, string? extraEntry = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        for (var i = 0; i < pairs; i++)
        {
            var stem = $"case{i}";
            Add(zip, $"images/{stem}.png", Image(i));
            Add(zip, $"masks/{stem}.png", Mask(i, stem == mismatchedStem ? Width + 4 : Width, Height));
        }

        if (extraEntry is not null)
        {
            using var writer = new StreamWriter(zip.CreateEntry(extraEntry).Open());
            writer.Write("should never be written");
        }

        return path;
    }

    /// <summary>Foreground pixels of pair <paramref name="index"/>'s mask: a block of (index + 1) * 4 pixels at the top-left.</summary>
    public static int ForegroundPixels(int index) => (index + 1) * 4;

    private static Image<Rgb24> Image(int index)
    {
        var image = new Image<Rgb24>(Width, Height);
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                image[x, y] = new Rgb24((byte)(x * 10), (byte)(y * 15), (byte)(index * 30));
        return image;
    }

    private static Image<L8> Mask(int index, int width, int height)
    {
        var mask = new Image<L8>(width, height);
        for (var y = 0; y < 4; y++)
            for (var x = 0; x < index + 1; x++)
                mask[x, y] = new L8(255);
        return mask;
    }

    private static void Add(ZipArchive zip, string name, Image image)
    {
        using (image)
        {
            using var entry = zip.CreateEntry(name).Open();
            image.SaveAsPng(entry);
        }
    }
}
