using System.Globalization;
using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Text;

namespace SdSeg.Engine.Datasets;

/// <summary>Pairs a layout's images with masks by stem (ordinal order, independent of the file system), checks every pair
/// (header limits first, then sizes, then full decoding and mask binarisation) and reports every problem in plain words.</summary>
public sealed class DatasetScanner
{
    private readonly ImportOptions _options;
    private readonly ImageDecoder _decoder;

    public DatasetScanner(ImportOptions? options = null)
    {
        _options = options ?? new ImportOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxParallelism, nameof(options));
        _decoder = new ImageDecoder(new ImageDecoderOptions { MaxPixelCount = _options.MaxPixelCount });
    }

    /// <summary>Scans <paramref name="layout"/> without writing anything.</summary>
    public ImportReport Scan(DatasetLayout layout) => Scan(layout, null);

    /// <summary>Scans, calling <paramref name="onValidSample"/> (possibly from several threads) with each valid pair's decoded image
    /// and binary mask while they are in memory.</summary>
    internal ImportReport Scan(DatasetLayout layout, Action<DatasetSample, DecodedImage, BinaryMask>? onValidSample)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var issues = new List<ImportIssue>();
        var images = Index(layout, layout.ImageFiles(), DatasetLayout.ImageStem, "image", issues);
        var masks = Index(layout, layout.MaskFiles(), layout.MaskStem, "mask", issues);

        foreach (var (stem, image) in images.Where(p => p.Value is not null && !masks.ContainsKey(p.Key)))
        {
            issues.Add(Error(ImportIssueKind.UnpairedImage, stem, layout.Relative(image!), $"Image '{layout.Relative(image!)}' has no mask named '{stem}{layout.MaskNameSuffix}' in '{layout.Relative(layout.MasksFolder)}/'; it was left out."));
        }

        foreach (var (stem, mask) in masks.Where(p => p.Value is not null && !images.ContainsKey(p.Key)))
        {
            issues.Add(Error(ImportIssueKind.UnpairedMask, stem, layout.Relative(mask!), $"Mask '{layout.Relative(mask!)}' has no image named '{stem}' in '{layout.Relative(layout.ImagesFolder)}/'; it was left out."));
        }

        var pairs = images
            .Where(p => p.Value is not null && masks.TryGetValue(p.Key, out var m) && m is not null)
            .Select(p => (Stem: p.Key, Image: p.Value!, Mask: masks[p.Key]!))
            .OrderBy(p => p.Stem, StringComparer.Ordinal)
            .ToList();

        var outcomes = new (DatasetSample? Sample, List<ImportIssue> Issues)[pairs.Count];
        Parallel.For(0, pairs.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism }, i =>
            outcomes[i] = Check(layout, pairs[i].Stem, pairs[i].Image, pairs[i].Mask, onValidSample));

        issues.AddRange(outcomes.SelectMany(o => o.Issues));
        var ignoredFiles = new[] { layout.Root, layout.ImagesFolder, layout.MasksFolder }
            .Distinct(StringComparer.Ordinal)
            .SelectMany(DatasetFiles.NonImagesIn)
            .ToList();
        issues.AddRange(Skipped(layout, [.. layout.ImageFiles(), .. layout.MaskFiles(), .. ignoredFiles]));
        var ignored = ignoredFiles.Select(layout.Relative).Order(StringComparer.Ordinal).ToList();
        return new ImportReport(
            layout,
            outcomes.Select(o => o.Sample).OfType<DatasetSample>().ToList(),
            issues.OrderBy(i => i.Stem, StringComparer.Ordinal).ThenBy(i => i.Kind).ThenBy(i => i.File, StringComparer.Ordinal).ToList(),
            ignored);
    }

    /// <summary>
    /// One warning per file under the searched folder that neither the scan nor the list of ignored non-images accounts for: hidden
    /// files, files in folders the layout does not read; a __MACOSX folder (a resource file per image) is one warning.
    /// </summary>
    private static IEnumerable<ImportIssue> Skipped(DatasetLayout layout, IReadOnlyList<string> accounted)
    {
        var known = new HashSet<string>(accounted.Select(Path.GetFullPath), StringComparer.Ordinal);
        var root = Path.GetFullPath(layout.SearchRoot);
        var macos = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (known.Contains(Path.GetFullPath(file)))
            {
                continue;
            }

            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var segments = relative.Split('/');
            if (segments[0].Equals("__MACOSX", StringComparison.OrdinalIgnoreCase))
            {
                macos.Add(relative);
                continue;
            }

            var why = segments[^1].StartsWith('.') ? "is hidden (its name starts with a dot)"
                : segments.SkipLast(1).FirstOrDefault(s => s.StartsWith('.')) is { } hidden ? $"is in the hidden folder '{hidden}/'"
                : segments.Length > 1 ? $"is in '{string.Join('/', segments.SkipLast(1))}/', which the {layout.DisplayName} layout does not read"
                : $"is not part of the {layout.DisplayName} layout";
            yield return new(ImportIssueKind.SkippedFile, ImportIssueSeverity.Warning, "", relative, $"File '{relative}' {why}; it was not imported.");
        }

        if (macos.Count > 0)
        {
            yield return new(ImportIssueKind.SkippedFile, ImportIssueSeverity.Warning, "", "__MACOSX/",
                $"Folder '__MACOSX/' holds {macos.Count} file(s) of macOS metadata (e.g. '{macos[0]}'); they were not imported.");
        }
    }

    // Maps stem -> file; a stem shared by several files (a.png and a.jpg, or A.png and a.png) maps to null after reporting each file.
    private static Dictionary<string, string?> Index(DatasetLayout layout, IReadOnlyList<string> files, Func<string, string> stemOf, string role, List<ImportIssue> issues)
    {
        var index = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        // Stems in one Unicode form: an image named in composed and its mask in decomposed form pair up, and look-alikes collide.
        foreach (var group in files.GroupBy(f => UnicodeNames.Normalize(stemOf(f)), StringComparer.OrdinalIgnoreCase))
        {
            var members = group.ToList();
            var stem = group.Key;
            if (stem.Length == 0 || stem.Any(char.IsControl) || stem.Trim() != stem || UnicodeNames.FindBidiControl(stem) is not null)
            {
                foreach (var file in members)
                {
                    issues.Add(Error(ImportIssueKind.UnusableName, stem, layout.Relative(file), $"The {role} '{layout.Relative(file)}' has a name that cannot be listed in a split file (empty, control or direction-control characters, or leading/trailing spaces); it was left out."));
                }

                continue;
            }

            if (members.Count > 1)
            {
                var names = string.Join(", ", members.Select(f => $"'{layout.Relative(f)}'"));
                foreach (var file in members)
                {
                    issues.Add(Error(ImportIssueKind.DuplicateStem, stem, layout.Relative(file), $"The {role}s {names} share the name '{stem}', so it is unclear which one to use; the pair '{stem}' was left out."));
                }

                index[stem] = null;
                continue;
            }

            index[stem] = members[0];
        }

        return index;
    }

    private (DatasetSample?, List<ImportIssue>) Check(DatasetLayout layout, string stem, string imagePath, string maskPath, Action<DatasetSample, DecodedImage, BinaryMask>? onValidSample)
    {
        var issues = new List<ImportIssue>();
        var (image, mask) = (layout.Relative(imagePath), layout.Relative(maskPath));
        var imageInfo = Identify(imagePath, image, "Image", stem, issues);
        var maskInfo = Identify(maskPath, mask, "Mask", stem, issues);
        if (imageInfo is null || maskInfo is null)
        {
            return (null, issues);
        }

        if (imageInfo.Width != maskInfo.Width || imageInfo.Height != maskInfo.Height)
        {
            issues.Add(Error(ImportIssueKind.SizeMismatch, stem, mask, $"Mask '{mask}' is {maskInfo.Width}x{maskInfo.Height} but its image '{image}' is {imageInfo.Width}x{imageInfo.Height}; the pair '{stem}' was left out."));
            return (null, issues);
        }

        using var decodedImage = Decode(imagePath, image, "Image", stem, issues);
        using var decodedMask = Decode(maskPath, mask, "Mask", stem, issues);
        if (decodedImage is null || decodedMask is null)
        {
            return (null, issues);
        }

        var binary = MaskBinarizer.Binarize(decodedMask, _options.MaskBinarization);
        var total = (long)binary.Mask.Width * binary.Mask.Height;
        if (!binary.WasAlreadyBinary)
        {
            issues.Add(Warning(ImportIssueKind.NonBinaryMask, stem, mask, string.Create(CultureInfo.InvariantCulture, $"Mask '{mask}' is not purely two-valued: the threshold decided {binary.NonBinaryPixelCount} of its {total} pixels ({100.0 * binary.NonBinaryPixelCount / total:0.##}%).")));
        }

        if (binary.IsEmpty)
        {
            issues.Add(Warning(ImportIssueKind.EmptyMask, stem, mask, $"Mask '{mask}' has no foreground pixel; it was kept (an empty mask is a valid label)."));
        }

        var (strayCount, firstStray) = StrayPixels.Find(binary.Mask);
        if (firstStray is { } at)
        {
            issues.Add(Warning(ImportIssueKind.StrayPixels, stem, mask, $"Mask '{mask}' has {strayCount} isolated foreground pixel(s) with no foreground neighbour, the first at ({at.X},{at.Y}); kept as they are."));
        }

        var sample = new DatasetSample(stem, imagePath, maskPath, imageInfo.Width, imageInfo.Height, (double)binary.ForegroundPixelCount / total, binary.NonBinaryPixelCount, strayCount);
        onValidSample?.Invoke(sample, decodedImage, binary.Mask);
        return (sample, issues);
    }

    private ImageFileInfo? Identify(string path, string relative, string role, string stem, List<ImportIssue> issues)
    {
        try
        {
            return _decoder.Identify(path);
        }
        catch (ImageRejectedException ex)
        {
            issues.Add(Rejected(ex, relative, role, stem));
            return null;
        }
    }

    private DecodedImage? Decode(string path, string relative, string role, string stem, List<ImportIssue> issues)
    {
        try
        {
            return _decoder.Decode(path);
        }
        catch (ImageRejectedException ex)
        {
            issues.Add(Rejected(ex, relative, role, stem));
            return null;
        }
    }

    private static ImportIssue Rejected(ImageRejectedException ex, string relative, string role, string stem) =>
        ex.Reason == ImageRejectionReason.TooManyPixels
            ? Error(ImportIssueKind.TooLarge, stem, relative, $"{role} '{relative}' is too large: {ex.Detail} The pair '{stem}' was left out.")
            : Error(ImportIssueKind.Undecodable, stem, relative, $"{role} '{relative}' cannot be read: {ex.Detail} The pair '{stem}' was left out.");

    private static ImportIssue Error(ImportIssueKind kind, string stem, string file, string message) => new(kind, ImportIssueSeverity.Error, stem, file, message);

    private static ImportIssue Warning(ImportIssueKind kind, string stem, string file, string message) => new(kind, ImportIssueSeverity.Warning, stem, file, message);
}
