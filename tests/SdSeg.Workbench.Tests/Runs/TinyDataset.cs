using SdSeg.Catalog;
using SdSeg.Catalog.Datasets;
using SdSeg.Engine.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Tests.Runs;

/// <summary>A small synthetic dataset imported into the blob store the way the Datasets area stores one, with its catalog rows.</summary>
public static class TinyDataset
{
    public static async Task<int> SeedAsync(CatalogDbContext db, string blobRoot, int count = 8)
    {
        var dataset = new Dataset { Name = $"tiny-{Guid.NewGuid():N}"[..13], Source = "synthetic", CreatedAt = DateTime.UtcNow };
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();

        var source = Directory.CreateTempSubdirectory("sdseg-tiny-source-").FullName;
        try
        {
            for (int i = 0; i < count; i++)
                WritePair(source, $"case{i:D2}", i);
            var target = Path.Combine(blobRoot, "datasets", dataset.Id.ToString());
            var result = new DatasetImporter().Import(DatasetLayoutDetector.Detect(source), target, source);
            var split = DatasetSplit.Create(result.Manifest.Stems(), 7);
            split.Write(Path.Combine(target, DatasetSplit.DefaultFolderName));

            dataset.SampleCount = result.Manifest.SampleCount;
            foreach (var sample in result.Manifest.Samples)
                dataset.Samples.Add(new Sample { Stem = sample.Stem, ImagePath = $"datasets/{dataset.Id}/{sample.ImagePath}", Width = 32, Height = 32 });
            dataset.Splits.Add(new Split
            {
                Seed = 7, TrainFraction = 0.8, ValidationFraction = 0.1, TestFraction = 0.1, CreatedAt = DateTime.UtcNow,
                TrainStems = [.. split.Train], ValidationStems = [.. split.Validation], TestStems = [.. split.Test],
            });
            await db.SaveChangesAsync();
            return dataset.Id;
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    /// <summary>A textured image with a bright disc, and the disc as the mask.</summary>
    private static void WritePair(string root, string stem, int index)
    {
        Directory.CreateDirectory(Path.Combine(root, "images"));
        Directory.CreateDirectory(Path.Combine(root, "masks"));
        using var image = new Image<Rgb24>(32, 32);
        using var mask = new Image<L8>(32, 32);
        int cx = 10 + index % 12, cy = 12 + index % 8, r = 5 + index % 4;
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
            {
                bool inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
                byte noise = (byte)((x * 7 + y * 13 + index * 5) % 40);
                image[x, y] = inside ? new Rgb24((byte)(200 + noise / 2), 90, 80) : new Rgb24((byte)(60 + noise), (byte)(50 + noise), 40);
                mask[x, y] = new L8(inside ? (byte)255 : (byte)0);
            }
        image.SaveAsPng(Path.Combine(root, "images", stem + ".png"));
        mask.SaveAsPng(Path.Combine(root, "masks", stem + ".png"));
    }
}
