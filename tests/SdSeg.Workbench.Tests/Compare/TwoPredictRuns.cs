using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Tests.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Tests.Compare;

/// <summary>
/// A 3-pair dataset (case0..case2, masks: a (i+1)x4 block at the top-left) imported through the upload service, and two succeeded
/// predict runs: A predicts every ground truth exactly; B adds a false positive at (5,5) on case0, predicts nothing on case1 and
/// matches case2.
/// </summary>
public sealed class TwoPredictRuns
{
    public const double BDiceCase0 = 8.0 / 9.0;

    public static readonly (int X, int Y) FalsePositive = (5, 5);

    public int DatasetId { get; private init; }

    public int RunA { get; private init; }

    public int RunB { get; private init; }

    public string RunIds => $"{RunA},{RunB}";

    public static async Task<TwoPredictRuns> SeedAsync(DatasetTestFactory factory)
    {
        var inspection = await factory.UploadAsync(DatasetZipBuilder.Write(factory.ZipFolder, "compare.zip", pairs: 3));
        var dataset = await factory.Uploads.ImportAsync(inspection, "compare-set", validPairsOnly: false);

        await using var db = factory.OpenCatalog();
        var a = NewRun(dataset.Id, "runs/compare-a");
        a.PerImageResults = [Result("case0", 1, 1, 0), Result("case1", 1, 1, 0), Result("case2", 1, 1, 0)];
        var b = NewRun(dataset.Id, "runs/compare-b");
        b.PerImageResults = [Result("case0", BDiceCase0, 0.8, 1), Result("case1", 0, 0, null), Result("case2", 1, 1, 0)];
        db.Runs.AddRange(a, b);
        await db.SaveChangesAsync();

        for (var i = 0; i < 3; i++)
        {
            WriteMask(factory.Blobs.GetFullPath($"runs/compare-a/predictions/case{i}.png"), i, falsePositive: false, empty: false);
            WriteMask(factory.Blobs.GetFullPath($"runs/compare-b/predictions/case{i}.png"), i, falsePositive: i == 0, empty: i == 1);
        }
        return new TwoPredictRuns { DatasetId = dataset.Id, RunA = a.Id, RunB = b.Id };
    }

    private static Run NewRun(int datasetId, string directory) => new()
    {
        Kind = RunKind.Predict, Status = RunStatus.Succeeded, SpecJson = """{"kind":"predict","subset":"test"}""", RunDirectory = directory,
        DatasetId = datasetId, CreatedAt = DateTime.UtcNow,
    };

    private static PerImageResult Result(string stem, double dice, double iou, double? hd95) =>
        new() { SampleStem = stem, Dice = dice, Iou = iou, Hd95 = hd95, Precision = dice, Recall = dice };

    private static void WriteMask(string path, int index, bool falsePositive, bool empty)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mask = new Image<L8>(DatasetZipBuilder.Width, DatasetZipBuilder.Height);
        if (!empty)
        {
            for (var y = 0; y < 4; y++)
                for (var x = 0; x < index + 1; x++)
                    mask[x, y] = new L8(255);
        }
        if (falsePositive)
            mask[FalsePositive.X, FalsePositive.Y] = new L8(255);
        mask.SaveAsPng(path);
    }
}
