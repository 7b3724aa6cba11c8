namespace SdSeg.Engine.Datasets;

/// <summary>Which files in a dataset folder count as images; everything else (licences, CSVs, hidden files) is ignored.</summary>
public static class DatasetFiles
{
    /// <summary>The image file extensions read from datasets (lower case, with the dot).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"];

    /// <summary>True for a file whose extension is an image extension and which is not hidden (e.g. macOS "._a.jpg").</summary>
    public static bool IsImageFile(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && ImageExtensions.Contains(Path.GetExtension(name).ToLowerInvariant());
    }

    /// <summary>Image files directly in <paramref name="folder"/>, full paths in ordinal order (never file-system order).</summary>
    public static IReadOnlyList<string> ImagesIn(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Where(IsImageFile).Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>Files directly in <paramref name="folder"/> that are not images and not hidden, in ordinal order.</summary>
    public static IReadOnlyList<string> NonImagesIn(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => !IsImageFile(f) && !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Sub-folders of <paramref name="folder"/>, without hidden ones and zip leftovers (__MACOSX), in ordinal order.</summary>
    public static IReadOnlyList<string> SubfoldersOf(string folder) =>
        Directory.EnumerateDirectories(folder)
            .Where(d => Path.GetFileName(d) is var n && !n.StartsWith('.') && !n.Equals("__MACOSX", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
}
