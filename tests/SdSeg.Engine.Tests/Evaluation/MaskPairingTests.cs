using SdSeg.Engine.Evaluation;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Imaging.Decoding;

namespace SdSeg.Engine.Tests.Evaluation;

public sealed class MaskPairingTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    string Pred => _temp.Path("pred");

    string Gt => _temp.Path("gt");

    [Fact]
    public void Pairs_by_stem_across_extensions_and_skips_soft_maps()
    {
        MaskImages.SavePng(Pred, "b.png", MaskImages.Rectangle(8, 8, 1, 1, 4, 4));
        MaskImages.SavePng(Pred, "a.png", MaskImages.Rectangle(8, 8, 1, 1, 4, 4));
        MaskImages.SavePng(Pred, "a.prob.png", MaskImages.Rectangle(8, 8));
        MaskImages.SavePng(Pred, "a.std.png", MaskImages.Rectangle(8, 8));
        File.WriteAllText(Path.Combine(Pred, "notes.txt"), "not an image");
        MaskImages.SaveJpeg(Gt, "a.jpg", MaskImages.Rectangle(8, 8, 1, 1, 4, 4), quality: 90);
        MaskImages.SavePng(Gt, "b.png", MaskImages.Rectangle(8, 8, 1, 1, 4, 4));

        var pairing = MaskPairing.Find(Pred, Gt);

        Assert.True(pairing.IsComplete);
        Assert.Equal(["a", "b"], pairing.Pairs.Select(p => p.Stem));
        Assert.EndsWith("a.png", pairing.Pairs[0].PredictionFile);
        Assert.EndsWith("a.jpg", pairing.Pairs[0].GroundTruthFile);
    }

    [Fact]
    public void Unpaired_files_are_an_error_naming_their_stems()
    {
        WriteUnpaired();

        var error = Assert.Throws<UnpairedMasksException>(() => new EvaluationPipeline(new ImageDecoder()).Run(Pred, Gt, new EvaluationOptions()));

        Assert.Equal(["only-pred"], error.PredictionsWithoutGroundTruth);
        Assert.Equal(["only-gt-1", "only-gt-2"], error.GroundTruthWithoutPrediction);
        Assert.Contains("1 prediction(s) have no ground truth: only-pred", error.Message);
        Assert.Contains("2 ground-truth mask(s) have no prediction: only-gt-1, only-gt-2", error.Message);
        Assert.Contains("--allow-unpaired", error.Message);
    }

    [Fact]
    public void Allowing_unpaired_files_evaluates_the_pairs_and_records_the_rest()
    {
        WriteUnpaired();

        var result = new EvaluationPipeline(new ImageDecoder()).Run(Pred, Gt, new EvaluationOptions { AllowUnpaired = true });

        Assert.Equal(["shared"], result.Images.Select(i => i.Stem));
        Assert.Equal(["only-pred"], result.Summary.PredictionsWithoutGroundTruth);
        Assert.Equal(["only-gt-1", "only-gt-2"], result.Summary.GroundTruthWithoutPrediction);
    }

    [Fact]
    public void No_shared_stem_is_an_error_even_when_unpaired_files_are_allowed()
    {
        MaskImages.SavePng(Pred, "x.png", MaskImages.Rectangle(8, 8));
        MaskImages.SavePng(Gt, "y.png", MaskImages.Rectangle(8, 8));

        var error = Assert.Throws<InvalidDataException>(() =>
            new EvaluationPipeline(new ImageDecoder()).Run(Pred, Gt, new EvaluationOptions { AllowUnpaired = true }));

        Assert.Contains("No prediction shares a file stem", error.Message);
    }

    [Fact]
    public void Two_masks_with_one_stem_and_missing_or_empty_folders_are_clear_errors()
    {
        MaskImages.SavePng(Gt, "a.png", MaskImages.Rectangle(8, 8));
        MaskImages.SaveJpeg(Gt, "a.jpg", MaskImages.Rectangle(8, 8), quality: 90);
        Directory.CreateDirectory(Pred);

        Assert.Contains("has no mask images", Assert.Throws<InvalidDataException>(() => MaskPairing.Find(Pred, Gt)).Message);
        MaskImages.SavePng(Pred, "a.png", MaskImages.Rectangle(8, 8));
        Assert.Contains("several masks named 'a' (a.jpg, a.png)", Assert.Throws<InvalidDataException>(() => MaskPairing.Find(Pred, Gt)).Message);
        Assert.Contains("does not exist", Assert.Throws<DirectoryNotFoundException>(() => MaskPairing.Find(_temp.Path("nowhere"), Gt)).Message);
    }

    void WriteUnpaired()
    {
        MaskImages.SavePng(Pred, "shared.png", MaskImages.Rectangle(8, 8, 1, 1, 4, 4));
        MaskImages.SavePng(Gt, "shared.png", MaskImages.Rectangle(8, 8, 1, 1, 4, 4));
        MaskImages.SavePng(Pred, "only-pred.png", MaskImages.Rectangle(8, 8));
        MaskImages.SavePng(Gt, "only-gt-2.png", MaskImages.Rectangle(8, 8));
        MaskImages.SavePng(Gt, "only-gt-1.png", MaskImages.Rectangle(8, 8));
    }
}
