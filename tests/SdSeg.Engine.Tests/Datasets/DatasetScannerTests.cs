using SdSeg.Engine.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Engine.Tests.Datasets;

public sealed class DatasetScannerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Pairs_by_stem_in_ordinal_order_whatever_the_creation_order()
    {
        string[] stems = ["b10", "B2", "a", "b1", "_x", "Zed"];
        SyntheticDatasets.WriteGeneric(_temp.Path("one"), stems);
        SyntheticDatasets.WriteGeneric(_temp.Path("two"), stems.Reverse());

        var first = new DatasetScanner().Scan(DatasetLayoutDetector.Detect(_temp.Path("one")));
        var second = new DatasetScanner(new ImportOptions { MaxParallelism = 1 }).Scan(DatasetLayoutDetector.Detect(_temp.Path("two")));

        string[] ordinal = ["B2", "Zed", "_x", "a", "b1", "b10"];
        Assert.Equal(ordinal, first.Samples.Select(s => s.Stem));
        Assert.Equal(ordinal, second.Samples.Select(s => s.Stem));
        Assert.Empty(first.Issues);
        Assert.Equal(
            first.Samples.Select(s => (s.Stem, s.Width, s.Height, s.ForegroundFraction)),
            second.Samples.Select(s => (s.Stem, s.Width, s.Height, s.ForegroundFraction)));
    }

    [Fact]
    public void Records_size_and_foreground_fraction_of_each_sample()
    {
        SyntheticDatasets.WritePair(_temp.Path("images", "a.png"), _temp.Path("masks", "a.png"), 37, 29);
        var sample = Assert.Single(Scan().Samples);
        var expected = Enumerable.Range(0, 37 * 29).Count(i => SyntheticDatasets.InEllipse(i % 37, i / 37, 37, 29)) / (37.0 * 29);
        Assert.Equal((37, 29, _temp.Path("images", "a.png"), _temp.Path("masks", "a.png")), (sample.Width, sample.Height, sample.ImagePath, sample.MaskPath));
        Assert.Equal(expected, sample.ForegroundFraction, 1e-12);
        Assert.Equal(0, sample.NonBinaryPixelCount);
    }

    [Fact]
    public void Each_problem_kind_is_reported_in_plain_words()
    {
        SyntheticDatasets.WritePair(_temp.Path("images", "good.png"), _temp.Path("masks", "good.png"));
        SyntheticDatasets.WritePair(_temp.Path("images", "lonely.png"), _temp.Path("elsewhere", "lonely.png"));
        SyntheticDatasets.WritePair(_temp.Path("elsewhere", "orphan.png"), _temp.Path("masks", "orphan.png"));
        SyntheticDatasets.WritePair(_temp.Path("images", "dup.png"), _temp.Path("masks", "dup.png"));
        SyntheticDatasets.WritePair(_temp.Path("images", "dup.jpg"), _temp.Path("elsewhere", "dup2.png"));
        SyntheticDatasets.WritePair(_temp.Path("images", "sizes.png"), _temp.Path("elsewhere", "sizes.png"), 40, 30);
        SyntheticDatasets.WritePair(_temp.Path("elsewhere", "sizes2.png"), _temp.Path("masks", "sizes.png"), 41, 30);
        SyntheticDatasets.WritePair(_temp.Path("images", "broken.png"), _temp.Path("masks", "broken.png"));
        var bytes = File.ReadAllBytes(_temp.Path("images", "broken.png"));
        File.WriteAllBytes(_temp.Path("images", "broken.png"), bytes[..(bytes.Length / 2)]);
        SyntheticDatasets.WritePair(_temp.Path("images", "jpegmask.png"), _temp.Path("masks", "jpegmask.jpg"));
        SyntheticDatasets.WritePair(_temp.Path("images", "empty.png"), _temp.Path("elsewhere", "empty.png"));
        using (var blank = new Image<L8>(37, 29))
        {
            blank.SaveAsPng(_temp.Path("masks", "empty.png"));
        }

        var report = Scan();

        Assert.Equal(["empty", "good", "jpegmask"], report.Samples.Select(s => s.Stem));
        Assert.Equal(["broken", "dup", "lonely", "orphan", "sizes"], report.ExcludedStems);
        Assert.Contains("Image 'images/lonely.png' has no mask named 'lonely' in 'masks/'", Message(report, ImportIssueKind.UnpairedImage, "lonely"));
        Assert.Contains("Mask 'masks/orphan.png' has no image named 'orphan'", Message(report, ImportIssueKind.UnpairedMask, "orphan"));
        Assert.Contains("The images 'images/dup.jpg', 'images/dup.png' share the name 'dup'", report.Issues.First(i => i.Kind == ImportIssueKind.DuplicateStem).Message);
        Assert.Equal(2, report.Issues.Count(i => i.Kind == ImportIssueKind.DuplicateStem));
        Assert.Contains("Mask 'masks/sizes.png' is 41x30 but its image 'images/sizes.png' is 40x30", Message(report, ImportIssueKind.SizeMismatch, "sizes"));
        var undecodable = Message(report, ImportIssueKind.Undecodable, "broken");
        Assert.Contains("Image 'images/broken.png' cannot be read:", undecodable);
        Assert.Contains("truncated or corrupt", undecodable);
        Assert.Matches(@"Mask 'masks/jpegmask\.jpg' is not purely two-valued: the threshold decided [1-9][0-9]* of its 1073 pixels", Message(report, ImportIssueKind.NonBinaryMask, "jpegmask"));
        Assert.Contains("has no foreground pixel; it was kept", Message(report, ImportIssueKind.EmptyMask, "empty"));
        Assert.True(report.Issues.Where(i => i.Kind is ImportIssueKind.NonBinaryMask or ImportIssueKind.EmptyMask).All(i => i.Severity == ImportIssueSeverity.Warning));
        // One issue per problem file: dup has two; and each of the six files in 'elsewhere/', which the layout does not read, is named.
        Assert.Contains("3 valid pair(s), 6 error(s), 8 warning(s)", report.Summary);
        Assert.Equal(6, report.Issues.Count(i => i.Kind == ImportIssueKind.SkippedFile && i.File.StartsWith("elsewhere/", StringComparison.Ordinal)));
        Assert.Equal(6, report.ErrorCount);
        Assert.Contains("UnpairedImage: 1", report.ToText());
    }

    [Fact]
    public void Too_large_is_refused_from_the_header_without_decoding()
    {
        SyntheticDatasets.WritePair(_temp.Path("images", "big.png"), _temp.Path("masks", "big.png"), 40, 30);
        SyntheticDatasets.WritePair(_temp.Path("images", "small.png"), _temp.Path("masks", "small.png"), 20, 10);
        var report = Scan(new ImportOptions { MaxPixelCount = 1000 });
        Assert.Equal(["small"], report.Samples.Select(s => s.Stem));
        Assert.Equal(["images/big.png", "masks/big.png"], report.Issues.Select(i => i.File));
        var message = report.Issues[0].Message;
        Assert.Contains("Image 'images/big.png' is too large:", message);
        Assert.Contains("40x30", message);
        Assert.Contains("it was not decoded", message);
    }

    [Fact]
    public void Stray_corner_pixel_is_flagged_and_kept()
    {
        SyntheticDatasets.WritePair(_temp.Path("images", "a.png"), _temp.Path("masks", "a.png"), 37, 29);
        using (var mask = SyntheticDatasets.EllipseMask(37, 29))
        {
            mask[0, 0] = new L8(255);
            mask.SaveAsPng(_temp.Path("masks", "a.png"));
        }

        var report = Scan();
        Assert.Equal(1, Assert.Single(report.Samples).StrayPixelCount);
        Assert.Contains("1 isolated foreground pixel(s) with no foreground neighbour, the first at (0,0)", Message(report, ImportIssueKind.StrayPixels, "a"));
    }

    [Fact]
    public void Binarisation_by_exact_colour_picks_one_class()
    {
        // A REFUGE-like mask: disc (128) around a cup (255); the cup alone is wanted.
        SyntheticDatasets.WritePair(_temp.Path("images", "g0001.png"), _temp.Path("masks", "g0001.png"), 20, 20);
        using (var mask = new Image<L8>(20, 20))
        {
            for (var y = 4; y < 16; y++)
            {
                for (var x = 4; x < 16; x++)
                {
                    mask[x, y] = new L8(x is >= 8 and < 12 && y is >= 8 and < 12 ? (byte)255 : (byte)128);
                }
            }

            mask.SaveAsPng(_temp.Path("masks", "g0001.png"));
        }

        var byDefault = Assert.Single(Scan().Samples);
        var cup = Assert.Single(Scan(new ImportOptions { MaskBinarization = Imaging.Masks.MaskBinarizationOptions.ForExactColour(255, 255, 255) }).Samples);
        Assert.Equal(144 / 400.0, byDefault.ForegroundFraction, 1e-12);
        Assert.Equal(16 / 400.0, cup.ForegroundFraction, 1e-12);
    }

    private ImportReport Scan(ImportOptions? options = null) => new DatasetScanner(options).Scan(DatasetLayoutDetector.Detect(_temp.Root));

    private static string Message(ImportReport report, ImportIssueKind kind, string stem) =>
        Assert.Single(report.Issues, i => i.Kind == kind && i.Stem == stem).Message;
}
