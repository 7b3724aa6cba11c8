using SdSeg.Engine.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Engine.Tests.Datasets;

public sealed class DatasetImporterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Any_error_stops_the_import_by_default_and_nothing_is_written()
    {
        SyntheticDatasets.WriteGeneric(_temp.Path("src"), ["a", "b"]);
        File.Delete(_temp.Path("src", "masks", "b.png"));
        var target = _temp.Path("out");

        var error = Assert.Throws<DatasetImportException>(() => new DatasetImporter().Import(DatasetLayoutDetector.Detect(_temp.Path("src")), target));

        Assert.Contains("1 error(s) in 1 pair(s); nothing was imported", error.Message);
        Assert.Equal(ImportIssueKind.UnpairedImage, Assert.Single(error.Report.Issues).Kind);
        Assert.False(Directory.Exists(target));
        Assert.Equal(["src"], Directory.GetDirectories(_temp.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Valid_only_import_writes_binary_masks_original_images_and_the_manifest()
    {
        SyntheticDatasets.WriteGeneric(_temp.Path("src", "Kvasir-SEG"), ["b", "a", "c"], ".jpg", ".jpg");
        File.WriteAllBytes(_temp.Path("src", "Kvasir-SEG", "masks", "c.jpg"), [0xFF, 0xD8, 0xFF, 0x00]);
        var target = _temp.Path("out");

        var result = new DatasetImporter(new ImportOptions { ImportValidOnly = true, Name = "kvasir-test" })
            .Import(DatasetLayoutDetector.Detect(_temp.Path("src")), target);

        Assert.Equal(["a", "b"], result.Manifest.Stems());
        Assert.Equal((3, 2, 1), (result.Manifest.PairsFound, result.Manifest.SampleCount, result.Manifest.ExcludedCount));
        Assert.Equal(File.ReadAllBytes(_temp.Path("src", "Kvasir-SEG", "images", "a.jpg")), File.ReadAllBytes(Path.Combine(target, "images", "a.jpg")));
        Assert.Equal(["a.jpg", "b.jpg"], Directory.GetFiles(Path.Combine(target, "images")).Select(Path.GetFileName).Order());
        Assert.Equal(["a.png", "b.png"], Directory.GetFiles(Path.Combine(target, "masks")).Select(Path.GetFileName).Order());

        using var mask = Image.Load<L8>(Path.Combine(target, "masks", "a.png"));
        var info = Image.Identify(Path.Combine(target, "masks", "a.png"));
        Assert.Equal(8, info.PixelType.BitsPerPixel);
        var values = new HashSet<byte>();
        mask.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    values.Add(p.PackedValue);
                }
            }
        });
        Assert.Equal(new byte[] { 0, 255 }, values.Order());

        var manifest = DatasetManifest.Read(target);
        Assert.Equal(("kvasir-test", DatasetLayoutKind.KvasirSeg), (manifest.Name, manifest.Layout));
        var a = manifest.Samples[0];
        Assert.Equal(("a", "images/a.jpg", "masks/a.png"), (a.Stem, a.ImagePath, a.MaskPath));
        Assert.Equal(result.Report.Samples[0].ForegroundFraction, a.ForegroundFraction);
        Assert.True(a.NonBinaryPixelCount > 0);
        Assert.Contains(manifest.Issues, i => i.Stem == "c" && i.Kind == ImportIssueKind.Undecodable);
    }

    [Fact]
    public void Cvc_tiff_release_imports_through_the_libtiff_fallback()
    {
        const int w = 23, h = 17;
        var src = _temp.Path("CVC-ClinicDB");
        foreach (var stem in new[] { "1", "2" })
        {
            SyntheticDatasets.WriteGrayTaggedRgbTiff(Path.Combine(src, "Original", stem + ".tif"), w, h, (x, y) => ((byte)(x * 10), (byte)(y * 10), 7));
            SyntheticDatasets.WriteGrayTaggedRgbTiff(Path.Combine(src, "Ground Truth", stem + ".tif"), w, h, (x, y) => x < 10 ? ((byte)255, (byte)255, (byte)255) : ((byte)0, (byte)0, (byte)0));
        }

        var result = new DatasetImporter().Import(DatasetLayoutDetector.Detect(src), _temp.Path("out"));

        Assert.Equal(DatasetLayoutKind.CvcClinicDb, result.Manifest.Layout);
        Assert.Empty(result.Report.Issues);
        var sample = result.Manifest.Samples[0];
        Assert.Equal(("images/1.png", 10.0 / w), (sample.ImagePath, sample.ForegroundFraction));
        using var image = Image.Load<Rgb24>(Path.Combine(result.DatasetFolder, "images", "1.png"));
        Assert.Equal(new Rgb24(50, 30, 7), image[5, 3]);
        using var mask = Image.Load<L8>(Path.Combine(result.DatasetFolder, "masks", "1.png"));
        Assert.Equal((255, 0), (mask[9, 0].PackedValue, mask[10, 0].PackedValue));
    }

    [Fact]
    public void A_non_empty_target_is_refused()
    {
        SyntheticDatasets.WriteGeneric(_temp.Path("src"), ["a"]);
        Directory.CreateDirectory(_temp.Path("out"));
        File.WriteAllText(_temp.Path("out", "keep.txt"), "mine");
        var error = Assert.Throws<IOException>(() => new DatasetImporter().Import(DatasetLayoutDetector.Detect(_temp.Path("src")), _temp.Path("out")));
        Assert.Contains("is not empty", error.Message);
    }
}
