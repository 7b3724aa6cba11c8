using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Models;
using SdSeg.Catalog.Runs;

namespace SdSeg.Catalog.Tests;

/// <summary>Small, valid catalog entities for tests.</summary>
public static class CatalogFixtures
{
    public static readonly DateTime Created = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    public static Dataset Dataset(string name = "kvasir-dev") => new()
    {
        Name = name,
        Description = "Polyps",
        Source = "kvasir.zip",
        CreatedAt = Created,
        SampleCount = 2,
        Samples =
        [
            new Sample { Stem = "a", ImagePath = $"datasets/{name}/images/a.png", MaskPath = $"datasets/{name}/masks/a.png", Width = 64, Height = 48, ForegroundFraction = 0.25, Flags = SampleFlags.MaskBinarised | SampleFlags.ConvertedToRgb },
            new Sample { Stem = "b", ImagePath = $"datasets/{name}/images/b.png", Width = 32, Height = 32 },
        ],
        Splits = [new Split { Seed = 7, TrainFraction = 0.5, ValidationFraction = 0, TestFraction = 0.5, TrainStems = ["b"], TestStems = ["a"], CreatedAt = Created }],
    };

    public static ModelEntry Model(string name = "tiny-1") => new()
    {
        Name = name,
        Config = "model:\n  params: {}\n",
        WeightsPath = $"models/{name}/model.safetensors",
        SizeBytes = 1234,
        OriginFile = "sdseg.ckpt",
        CreatedAt = Created,
    };

    public static Run Run(Dataset dataset, ModelEntry? model = null, string directory = "runs/1") => new()
    {
        Kind = RunKind.Evaluate,
        Status = RunStatus.Succeeded,
        SpecJson = "{\"kind\":\"evaluate\"}",
        RunDirectory = directory,
        Dataset = dataset,
        Split = dataset.Splits[0],
        Model = model,
        CreatedAt = Created,
        StartedAt = Created.AddMinutes(1),
        FinishedAt = Created.AddMinutes(2),
        ResultSummaryJson = "{\"dice\":0.8}",
        PerImageResults = [new PerImageResult { SampleStem = "a", Dice = 0.8, Iou = 0.67, Hd95 = 3.5, Precision = 0.9, Recall = 0.72 }],
    };
}
