using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Browser.Tests.Datasets;

/// <summary>A small generic images/ + masks/ dataset zip, written to a temp folder the test deletes.</summary>
public static class GeneratedDatasetZip
{
    public static string Write(string folder, string fileName, int pairs)
    {
        var path = Path.Combine(folder, fileName);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        for (var i = 0; i < pairs; i++)
        {
            using (var image = new Image<Rgb24>(32, 24, new Rgb24((byte)(40 + i * 20), 90, 160)))
            using (var entry = zip.CreateEntry($"images/case{i}.png").Open())
                image.SaveAsPng(entry);

            using var mask = new Image<L8>(32, 24);
            for (var y = 4; y < 12; y++)
                for (var x = 4; x < 8 + i; x++)
                    mask[x, y] = new L8(255);
            using var maskEntry = zip.CreateEntry($"masks/case{i}.png").Open();
            mask.SaveAsPng(maskEntry);
        }

        return path;
    }
}
