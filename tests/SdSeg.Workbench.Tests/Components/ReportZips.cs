using System.IO.Compression;
using SdSeg.Workbench.Tests.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Tests.Components;

/// <summary>Dataset zips whose import reports have a known mix of valid pairs, errors and warnings.</summary>
public static class ReportZips
{
    /// <summary>Three valid pairs (case0, case2 and "blank" with an empty mask: one warning) and case1 whose mask has the wrong size (one error).</summary>
    public static string WithErrorsAndWarnings(string folder)
    {
        var path = DatasetZipBuilder.Write(folder, "mixed.zip", pairs: 3, mismatchedStem: "case1");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        Add(zip, "images/blank.png", new Image<Rgb24>(DatasetZipBuilder.Width, DatasetZipBuilder.Height, new Rgb24(90, 60, 30)));
        Add(zip, "masks/blank.png", new Image<L8>(DatasetZipBuilder.Width, DatasetZipBuilder.Height));
        return path;
    }

    /// <summary>One pair whose mask has the wrong size: one error and no valid pair.</summary>
    public static string WithoutValidPair(string folder) =>
        DatasetZipBuilder.Write(folder, "broken.zip", pairs: 1, mismatchedStem: "case0");

    /// <summary>Two clean pairs: no issue at all.</summary>
    public static string Clean(string folder) => DatasetZipBuilder.Write(folder, "clean.zip", pairs: 2);

    private static void Add(ZipArchive zip, string name, Image image)
    {
        using (image)
        {
            using var entry = zip.CreateEntry(name).Open();
            image.SaveAsPng(entry);
        }
    }
}
