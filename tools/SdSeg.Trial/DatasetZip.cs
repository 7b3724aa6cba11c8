using System.IO.Compression;

namespace SdSeg.Trial;

/// <summary>Zips a dataset folder the way a user would before uploading it, optionally only its first N pairs.</summary>
public static class DatasetZip
{
    /// <summary>
    /// Writes <c>&lt;folder name&gt;.zip</c> in <paramref name="outputFolder"/> with every file of <paramref name="datasetFolder"/> under the
    /// folder's name. With a <paramref name="limit"/>, files in subfolders are kept only when their stem is one of the first N stems of
    /// the subfolder with the most files (the images); top-level files (a README, provenance) are kept as they are.
    /// </summary>
    public static (string Path, int Files) Write(string datasetFolder, string outputFolder, int? limit)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(datasetFolder));
        var name = Path.GetFileName(root);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (limit is { } n)
        {
            var largest = files.Where(f => Path.GetDirectoryName(f) != root)
                .GroupBy(Path.GetDirectoryName).MaxBy(g => g.Count())
                ?? throw new InvalidOperationException($"{root} has no subfolders of images.");
            var stems = largest.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).Take(n).ToHashSet(StringComparer.Ordinal);
            files = files.Where(f => Path.GetDirectoryName(f) == root
                || stems.Contains(Path.GetFileNameWithoutExtension(f))).ToList();
        }
        var zipPath = Path.Combine(outputFolder, name + ".zip");
        File.Delete(zipPath);
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var file in files)
            zip.CreateEntryFromFile(file, $"{name}/{Path.GetRelativePath(root, file).Replace('\\', '/')}", CompressionLevel.Fastest);
        return (zipPath, files.Count);
    }
}
