using System.Collections.Concurrent;
using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Engine.Datasets;

/// <summary>
/// Writes a normalised copy of a scanned dataset: <c>images/&lt;stem&gt;.png|.jpg</c>, <c>masks/&lt;stem&gt;.png</c> (8-bit 0/255) and
/// <c>dataset.json</c>. PNG and JPEG images keep their original bytes (re-encoding a JPEG would lose quality); TIFF and BMP images
/// are re-encoded as PNG. The copy is built in a hidden sibling folder and moved into place only when complete.
/// </summary>
public sealed class DatasetImporter
{
    private static readonly PngEncoder MaskEncoder = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };
    private readonly ImportOptions _options;

    public DatasetImporter(ImportOptions? options = null) => _options = options ?? new ImportOptions();

    /// <summary>Scans <paramref name="layout"/> and writes the dataset into <paramref name="targetFolder"/> (which must not exist or be empty).
    /// Throws <see cref="DatasetImportException"/> (nothing written) when the scan found errors and
    /// <see cref="ImportOptions.ImportValidOnly"/> is off, or when no valid pair remains.</summary>
    public ImportResult Import(DatasetLayout layout, string targetFolder, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentException.ThrowIfNullOrEmpty(targetFolder);
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetFolder));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"The target dataset folder '{target}' is not empty; import into a new folder.");
        }

        var staging = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.importing-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(staging, "images"));
        Directory.CreateDirectory(Path.Combine(staging, "masks"));
        try
        {
            var imageNames = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            var report = new DatasetScanner(_options).Scan(layout, (sample, image, mask) => imageNames[sample.Stem] = Write(staging, sample, image, mask));
            if (report.HasErrors && !_options.ImportValidOnly)
            {
                throw DatasetImportException.ErrorsFound(report);
            }

            if (report.Samples.Count == 0)
            {
                throw DatasetImportException.NoValidPair(report);
            }

            var manifest = new DatasetManifest
            {
                Name = _options.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(source ?? layout.Root)),
                Source = source ?? layout.Root,
                Layout = layout.Kind,
                LayoutExplanation = layout.Explanation,
                MaskBinarization = Describe(_options.MaskBinarization),
                ImportedAt = DateTimeOffset.UtcNow,
                PairsFound = report.Samples.Count + report.ExcludedStems.Count,
                SampleCount = report.Samples.Count,
                ExcludedCount = report.ExcludedStems.Count,
                Samples = report.Samples.Select(s => s with { ImagePath = imageNames[s.Stem], MaskPath = $"masks/{s.Stem}.png" }).ToList(),
                Issues = report.Issues,
            };
            manifest.Write(staging);
            if (Directory.Exists(target))
            {
                Directory.Delete(target);
            }

            Directory.Move(staging, target);
            return new ImportResult(target, manifest, report);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    // Returns the image's path relative to the dataset folder.
    private static string Write(string folder, DatasetSample sample, DecodedImage image, BinaryMask mask)
    {
        // The decoder's format (not the extension) decides, so a PNG named .jpg is neither mislabelled nor re-encoded lossily.
        string imageName;
        switch (image.Source.Format)
        {
            case ImageFileFormat.Png or ImageFileFormat.Jpeg:
                imageName = $"images/{sample.Stem}{(image.Source.Format == ImageFileFormat.Png ? ".png" : ".jpg")}";
                File.Copy(sample.ImagePath, Path.Combine(folder, imageName));
                break;
            default:
                imageName = $"images/{sample.Stem}.png";
                image.Image.Save(Path.Combine(folder, imageName), new PngEncoder());
                break;
        }

        using var maskImage = new Image<L8>(mask.Width, mask.Height);
        var pixels = mask.Pixels.ToArray();
        maskImage.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new L8(pixels[(y * mask.Width) + x] ? byte.MaxValue : byte.MinValue);
                }
            }
        });
        maskImage.Save(Path.Combine(folder, "masks", sample.Stem + ".png"), MaskEncoder);
        return imageName;
    }

    private static string Describe(MaskBinarizationOptions options) =>
        options.ExactColour is { } c
            ? $"foreground = exactly RGB({c.R},{c.G},{c.B})"
            : $"foreground = {options.Channel} channel above half of the type's maximum";
}
