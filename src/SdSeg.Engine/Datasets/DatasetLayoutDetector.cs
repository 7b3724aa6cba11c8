using System.Text.RegularExpressions;
using SdSeg.Imaging.Archives;

namespace SdSeg.Engine.Datasets;

/// <summary>Recognises how a dataset folder (or zip) is laid out, in the folder itself or one folder deep, and says why.</summary>
public static partial class DatasetLayoutDetector
{
    private const string IsicMaskSuffix = "_segmentation";
    private static readonly string[] ImageFolderNames = ["images", "image", "imgs"];
    private static readonly string[] MaskFolderNames = ["masks", "mask", "labels", "ground_truth", "groundtruth", "gt"];

    /// <summary>What detection looks for, as listed in the error for an unknown layout.</summary>
    public const string WhatIsLookedFor =
        "an images/ folder with a masks/ folder, pairing files by name (generic; Kvasir-SEG when the masks are JPEG; REFUGE2 when named like g0001/n0001/V0001/T0001 or inside a folder named REFUGE); "
        + "Original/ with 'Ground Truth/' (CVC-ClinicDB, PNG or TIFF); "
        + "ISIC naming, <id>.jpg with <id>_segmentation.png, in one folder or in two sibling folders";

    /// <summary>Detects the layout of <paramref name="folder"/>; throws <see cref="UnknownDatasetLayoutException"/> when none fits.</summary>
    public static DatasetLayout Detect(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The dataset folder '{root}' does not exist.");
        }

        return DetectIn(root, FolderTree.Instance) with { SearchRoot = root };
    }

    private static DatasetLayout DetectIn(string root, IFolderTree tree)
    {
        if (TryDetectIn(root, root, tree) is { } here)
        {
            return here;
        }

        var nested = tree.SubfoldersOf(root).Select(d => TryDetectIn(d, root, tree)).OfType<DatasetLayout>().ToList();
        if (nested.Count == 1)
        {
            var layout = nested[0];
            return layout with { Explanation = $"{layout.Explanation} (found one folder deep, in '{Path.GetFileName(layout.Root)}/')" };
        }

        if (nested.Count > 1)
        {
            var found = string.Join("; ", nested.Select(l => $"'{Path.GetFileName(l.Root)}/' ({l.DisplayName})"));
            throw new UnknownDatasetLayoutException(root, $"'{root}' holds more than one dataset: {found}. Choose one of these folders.");
        }

        var subfolders = tree.SubfoldersOf(root).Select(d => Path.GetFileName(d) + "/").ToList();
        var images = tree.ImagesIn(root).Count;
        throw new UnknownDatasetLayoutException(
            root,
            $"No known dataset layout in '{root}' (looked in the folder and one folder deep). Looked for: {WhatIsLookedFor}. "
            + $"Found: {(subfolders.Count == 0 ? "no sub-folders" : "sub-folders " + string.Join(", ", subfolders.Take(10)) + (subfolders.Count > 10 ? ", ..." : ""))}"
            + $" and {images} image file(s) at the top level.");
    }

    /// <summary>Extracts <paramref name="zipPath"/> safely into <paramref name="extractionFolder"/> (which must not hold files of the same
    /// names), then detects the layout there. Throws <see cref="UnsafeArchiveException"/> for a refused archive.</summary>
    public static DatasetLayout DetectArchive(string zipPath, string extractionFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        if (!File.Exists(zipPath))
        {
            throw new FileNotFoundException($"The dataset archive '{zipPath}' does not exist.", zipPath);
        }

        // The layout is recognised from the zip's central directory first: a zip of no known layout is refused unextracted.
        var root = Path.GetFullPath(extractionFolder);
        DetectIn(root, ZipListing(zipPath, root));
        new SafeZipExtractor().Extract(zipPath, extractionFolder);
        return Detect(extractionFolder);
    }

    /// <summary>The folders and files a zip would extract to under <paramref name="root"/>, read from its central directory.</summary>
    private static IFolderTree ZipListing(string zipPath, string root)
    {
        try
        {
            using var archive = System.IO.Compression.ZipFile.OpenRead(zipPath);
            return new ListedTree(root, archive.Entries.Select(e => e.FullName));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new UnsafeArchiveException(Path.GetFileName(zipPath), null, $"cannot be read as a zip file ({ex.Message}).", ex);
        }
    }

    /// <summary>As <see cref="Detect"/> for a folder, or <see cref="DetectArchive"/> for a <c>.zip</c> file.</summary>
    public static DatasetLayout DetectFolderOrArchive(string path, string extractionFolder) =>
        File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? DetectArchive(path, extractionFolder) : Detect(path);

    private static DatasetLayout? TryDetectIn(string folder, string searchRoot, IFolderTree tree)
    {
        var subfolders = tree.SubfoldersOf(folder);
        string? Find(params string[] names) =>
            subfolders.FirstOrDefault(d => names.Any(n => string.Equals(Path.GetFileName(d), n, StringComparison.OrdinalIgnoreCase)));

        if (Find("Original") is { } original && Find("Ground Truth", "GroundTruth", "Ground_Truth") is { } truth)
        {
            var tiff = tree.ImagesIn(truth).Any(f => Path.GetExtension(f).ToLowerInvariant() is ".tif" or ".tiff");
            var release = tiff ? "TIFF masks, as in the original release" : "as in the Kaggle PNG release";
            return new DatasetLayout(
                DatasetLayoutKind.CvcClinicDb, folder, original, truth, "",
                $"CVC-ClinicDB: 'Original/' holds the images and '{Path.GetFileName(truth)}/' the masks ({release}), paired by file name");
        }

        if (Find(ImageFolderNames) is { } images && Find(MaskFolderNames) is { } masks)
        {
            return ImagesAndMasks(folder, searchRoot, images, masks, tree);
        }

        var here = tree.ImagesIn(folder);
        var isicMasks = here.Count(IsIsicMask);
        if (isicMasks > 0 && isicMasks < here.Count)
        {
            return new DatasetLayout(
                DatasetLayoutKind.Isic, folder, folder, folder, IsicMaskSuffix,
                $"ISIC naming in one folder: {isicMasks} '<id>{IsicMaskSuffix}' mask(s) next to {here.Count - isicMasks} image(s)");
        }

        // ISIC archives ship inputs and ground truth as two sibling folders (e.g. ..._Training_Input and ..._Training_GroundTruth).
        var maskFolder = subfolders.FirstOrDefault(d => tree.ImagesIn(d) is { Count: > 0 } files && files.All(IsIsicMask));
        var imageFolder = subfolders.FirstOrDefault(d => d != maskFolder && tree.ImagesIn(d) is { Count: > 0 } files && !files.Any(IsIsicMask));
        if (maskFolder is not null && imageFolder is not null)
        {
            return new DatasetLayout(
                DatasetLayoutKind.Isic, folder, imageFolder, maskFolder, IsicMaskSuffix,
                $"ISIC naming in two folders: images in '{Path.GetFileName(imageFolder)}/', '<id>{IsicMaskSuffix}' masks in '{Path.GetFileName(maskFolder)}/'");
        }

        return null;
    }

    private static DatasetLayout ImagesAndMasks(string folder, string searchRoot, string images, string masks, IFolderTree tree)
    {
        var pair = $"'{Path.GetFileName(images)}/' holds the images and '{Path.GetFileName(masks)}/' the masks";
        var maskFiles = tree.ImagesIn(masks);
        if (maskFiles.Count > 0 && maskFiles.Count(IsIsicMask) * 2 > maskFiles.Count)
        {
            return new DatasetLayout(
                DatasetLayoutKind.Isic, folder, images, masks, IsicMaskSuffix,
                $"ISIC naming: {pair}, the masks named '<id>{IsicMaskSuffix}'");
        }

        var jpegMasks = maskFiles.Count(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg");
        if (maskFiles.Count > 0 && jpegMasks * 2 > maskFiles.Count)
        {
            return new DatasetLayout(
                DatasetLayoutKind.KvasirSeg, folder, images, masks, "",
                $"Kvasir-SEG: {pair}, and {jpegMasks} of {maskFiles.Count} masks are JPEG (lossy masks are thresholded), paired by file name");
        }

        var imageFiles = tree.ImagesIn(images);
        var refugeNames = imageFiles.Count(f => RefugeName().IsMatch(Path.GetFileNameWithoutExtension(f)));
        var inRefugeFolder = Path.GetRelativePath(Path.GetDirectoryName(searchRoot) ?? searchRoot, folder)
            .Split(Path.DirectorySeparatorChar)
            .Any(s => s.Contains("refuge", StringComparison.OrdinalIgnoreCase));
        if (inRefugeFolder || (refugeNames > 0 && refugeNames * 2 > imageFiles.Count))
        {
            var why = inRefugeFolder ? "inside a folder named REFUGE" : $"{refugeNames} images named like g0001/n0001/V0001/T0001";
            return new DatasetLayout(
                DatasetLayoutKind.Refuge2, folder, images, masks, "",
                $"REFUGE2: {pair}, {why}; masks may code disc and cup with several values, so choose the channel or colour to segment (e.g. the cup) in the import options");
        }

        return new DatasetLayout(DatasetLayoutKind.Generic, folder, images, masks, "", $"generic: {pair}, paired by file name");
    }

    /// <summary>What detection reads of a folder tree: on disk, or as listed by a zip before anything is extracted.</summary>
    private interface IFolderTree
    {
        IReadOnlyList<string> SubfoldersOf(string folder);

        IReadOnlyList<string> ImagesIn(string folder);
    }

    private sealed class FolderTree : IFolderTree
    {
        public static readonly FolderTree Instance = new();

        public IReadOnlyList<string> SubfoldersOf(string folder) => DatasetFiles.SubfoldersOf(folder);

        public IReadOnlyList<string> ImagesIn(string folder) => DatasetFiles.ImagesIn(folder);
    }

    /// <summary>A tree from a list of relative entry names (a zip's), placed under <c>root</c>, with the same rules as on disk.</summary>
    private sealed class ListedTree : IFolderTree
    {
        private readonly Dictionary<string, SortedSet<string>> folders = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SortedSet<string>> files = new(StringComparer.Ordinal);

        public ListedTree(string root, IEnumerable<string> entryNames)
        {
            foreach (var name in entryNames)
            {
                var segments = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (segments.Any(s => s is "." or ".."))
                {
                    continue;
                }

                var isFolder = name.EndsWith('/') || name.EndsWith('\\');
                var parent = root;
                for (var i = 0; i < segments.Length; i++)
                {
                    var path = Path.Combine(parent, segments[i]);
                    if (i < segments.Length - 1 || isFolder)
                    {
                        Add(folders, parent, path);
                    }
                    else
                    {
                        Add(files, parent, path);
                    }

                    parent = path;
                }
            }
        }

        public IReadOnlyList<string> SubfoldersOf(string folder) =>
            folders.TryGetValue(folder, out var found)
                ? found.Where(d => Path.GetFileName(d) is var n && !n.StartsWith('.') && !n.Equals("__MACOSX", StringComparison.OrdinalIgnoreCase)).ToList()
                : [];

        public IReadOnlyList<string> ImagesIn(string folder) =>
            files.TryGetValue(folder, out var found) ? found.Where(DatasetFiles.IsImageFile).ToList() : [];

        private static void Add(Dictionary<string, SortedSet<string>> index, string parent, string path)
        {
            if (!index.TryGetValue(parent, out var children))
            {
                index[parent] = children = new SortedSet<string>(StringComparer.Ordinal);
            }

            children.Add(path);
        }
    }

    private static bool IsIsicMask(string path) =>
        Path.GetFileNameWithoutExtension(path).EndsWith(IsicMaskSuffix, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[gnVT][0-9]{4}$")]
    private static partial Regex RefugeName();
}
