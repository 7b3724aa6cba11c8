namespace SdSeg.Engine.Prediction;

/// <summary>Finds the images to predict: one file, or the image files of a folder in ordinal name order.</summary>
public static class PredictionInputs
{
    /// <summary>File extensions read as images (case-insensitive).</summary>
    public static readonly IReadOnlySet<string> ImageExtensions =
        new HashSet<string>([".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The input files, sorted so the order never depends on the file system.</summary>
    public static IReadOnlyList<string> List(string input)
    {
        if (File.Exists(input)) return [Path.GetFullPath(input)];
        if (!Directory.Exists(input))
            throw new FileNotFoundException($"Input '{input}' is neither an image file nor a folder.", input);
        var files = Directory.EnumerateFiles(input)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new InvalidDataException(
                $"Folder '{input}' has no images ({string.Join(", ", ImageExtensions.Order(StringComparer.Ordinal))}).");
        var duplicate = files.GroupBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidDataException(
                $"Folder '{input}' has several images named '{duplicate.Key}' ({string.Join(", ", duplicate.Select(Path.GetFileName))}); their predictions would overwrite each other.");
        return files;
    }
}
