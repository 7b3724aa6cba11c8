namespace SdSeg.Engine.Datasets;

/// <summary>A recognised dataset layout: where the images and masks are, how a mask's name gives its stem, and why it was chosen.</summary>
/// <param name="Kind">Which distribution layout this is.</param>
/// <param name="Root">The folder the layout was found in (the images and masks folders are inside it, or are it).</param>
/// <param name="ImagesFolder">The folder holding the images.</param>
/// <param name="MasksFolder">The folder holding the masks (the same as <paramref name="ImagesFolder"/> for ISIC in one folder).</param>
/// <param name="MaskNameSuffix">What a mask's file stem adds to its image's stem ("_segmentation" for ISIC, else empty).</param>
/// <param name="Explanation">Why this layout was chosen, in plain words.</param>
public sealed record DatasetLayout(
    DatasetLayoutKind Kind,
    string Root,
    string ImagesFolder,
    string MasksFolder,
    string MaskNameSuffix,
    string Explanation)
{
    /// <summary>The folder detection searched (the dataset folder or extracted zip); <see cref="Root"/> or its parent.</summary>
    public string SearchRoot { get; init; } = Root;

    /// <summary>The name users know the layout by.</summary>
    public string DisplayName => Kind switch
    {
        DatasetLayoutKind.KvasirSeg => "Kvasir-SEG",
        DatasetLayoutKind.CvcClinicDb => "CVC-ClinicDB",
        DatasetLayoutKind.Refuge2 => "REFUGE2",
        DatasetLayoutKind.Isic => "ISIC",
        _ => "generic images/ + masks/",
    };

    /// <summary>Image files, ordinal order; with a shared folder, the files whose stem lacks the mask suffix.</summary>
    public IReadOnlyList<string> ImageFiles() =>
        DatasetFiles.ImagesIn(ImagesFolder).Where(f => !SharesFolder || !HasMaskSuffix(f)).ToList();

    /// <summary>Mask files, ordinal order; with a mask suffix, only files that carry it.</summary>
    public IReadOnlyList<string> MaskFiles() =>
        DatasetFiles.ImagesIn(MasksFolder).Where(f => MaskNameSuffix.Length == 0 || HasMaskSuffix(f)).ToList();

    /// <summary>The stem an image file pairs by: its name without extension.</summary>
    public static string ImageStem(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>The stem a mask file pairs by: its name without extension and without <see cref="MaskNameSuffix"/>.</summary>
    public string MaskStem(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        return HasMaskSuffix(path) ? stem[..^MaskNameSuffix.Length] : stem;
    }

    /// <summary>A path relative to <see cref="Root"/>, with forward slashes, for messages.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private bool SharesFolder => string.Equals(Path.GetFullPath(ImagesFolder), Path.GetFullPath(MasksFolder), StringComparison.Ordinal);

    private bool HasMaskSuffix(string path) =>
        MaskNameSuffix.Length > 0 && Path.GetFileNameWithoutExtension(path).EndsWith(MaskNameSuffix, StringComparison.OrdinalIgnoreCase);
}
