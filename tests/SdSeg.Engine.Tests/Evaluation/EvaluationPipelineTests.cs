using SdSeg.Engine.Evaluation;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Metrics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Engine.Tests.Evaluation;

public sealed class EvaluationPipelineTests : IDisposable
{
    readonly TempFolder _temp = new();
    readonly EvaluationPipeline _pipeline = new(new ImageDecoder());

    public void Dispose() => _temp.Dispose();

    string Pred => _temp.Path("pred");

    string Gt => _temp.Path("gt");

    EvaluationResult Run(EvaluationOptions? options = null) => _pipeline.Run(Pred, Gt, options ?? new EvaluationOptions());

    [Fact]
    public void Offset_squares_score_the_hand_checked_values()
    {
        // Two 4x4 squares, the prediction 2 px left of the ground truth: 8 px overlap of 16 + 16.
        MaskImages.SavePng(Pred, "offset.png", MaskImages.Rectangle(16, 16, 4, 4, 8, 8));
        MaskImages.SavePng(Gt, "offset.png", MaskImages.Rectangle(16, 16, 6, 4, 10, 8));
        // A prediction covering the left half of the ground truth: 8 of 16 pixels, no false positive.
        MaskImages.SavePng(Pred, "half.png", MaskImages.Rectangle(16, 16, 4, 4, 6, 8));
        MaskImages.SavePng(Gt, "half.png", MaskImages.Rectangle(16, 16, 4, 4, 8, 8));

        var images = Run().Images;

        var half = images[0];
        Assert.Equal("half", half.Stem);
        Assert.Equal(2.0 / 3, half.Dice, 1e-12);
        Assert.Equal(0.5, half.IoU, 1e-12);
        Assert.Equal(1, half.Precision, 1e-12);
        Assert.Equal(0.5, half.Recall, 1e-12);

        var offset = images[1];
        Assert.Equal("offset", offset.Stem);
        Assert.Equal(0.5, offset.Dice, 1e-12);
        Assert.Equal(1.0 / 3, offset.IoU, 1e-12);
        Assert.Equal(2, offset.Hd95, 1e-12);
        Assert.Equal(2, offset.Hausdorff, 1e-12);
        Assert.Equal(0.5, offset.Precision, 1e-12);
        Assert.Equal(0.5, offset.Recall, 1e-12);
        Assert.False(offset.GroundTruthEmpty || offset.PredictionEmpty);
        Assert.Equal((16, 16), (offset.Width, offset.Height));
    }

    [Fact]
    public void Standard_mode_treats_both_empty_as_perfect_and_one_empty_as_zero_with_undefined_hd95()
    {
        WriteEmptyMaskCases();

        var result = Run();
        var byStem = result.Images.ToDictionary(i => i.Stem);

        AssertScores(byStem["both-empty"], dice: 1, iou: 1, precision: 1, recall: 1, hd95: 0);
        AssertScores(byStem["gt-empty"], dice: 0, iou: 0, precision: 0, recall: 0, hd95: double.NaN);
        AssertScores(byStem["pred-empty"], dice: 0, iou: 0, precision: 0, recall: 0, hd95: double.NaN);
        Assert.True(byStem["gt-empty"].GroundTruthEmpty && !byStem["gt-empty"].PredictionEmpty);
        Assert.True(byStem["pred-empty"].PredictionEmpty && !byStem["pred-empty"].GroundTruthEmpty);

        var summary = result.Summary;
        Assert.Equal(EvaluationMode.Standard, summary.Mode);
        Assert.Equal((4, 2, 2, 1), (summary.ImageCount, summary.GroundTruthEmptyCount, summary.PredictionEmptyCount, summary.BothEmptyCount));
        Assert.Equal((0.5 + 1 + 0 + 0) / 4, summary.Metrics["dice"].Mean, 1e-12);
        Assert.Equal(((1.0 / 3) + 1 + 0 + 0) / 4, summary.Metrics["iou"].Mean, 1e-12);
        // HD95: 2 (offset) and 0 (both empty) are averaged; the two one-empty images are counted as NaN.
        Assert.Equal((2, 2), (summary.Metrics["hd95"].Count, summary.Metrics["hd95"].NaNCount));
        Assert.Equal(1, summary.Metrics["hd95"].Mean, 1e-12);
        Assert.Contains("both empty scores Dice = IoU = precision = recall = 1", summary.EmptyMaskConvention);
    }

    [Fact]
    public void Official_mode_replicates_the_official_dice_and_iou_quirks_and_keeps_the_rest_standard()
    {
        WriteEmptyMaskCases();

        var result = Run(new EvaluationOptions { Mode = EvaluationMode.Official });
        var byStem = result.Images.ToDictionary(i => i.Stem);

        AssertScores(byStem["both-empty"], dice: 0, iou: 0, precision: 1, recall: 1, hd95: 0);
        AssertScores(byStem["gt-empty"], dice: 1, iou: 0, precision: 0, recall: 0, hd95: double.NaN);
        AssertScores(byStem["pred-empty"], dice: 0, iou: 0, precision: 0, recall: 0, hd95: double.NaN);
        // Both non-empty: 2|P∩G| / (|P| + |G| + 1e-10), equal to the standard value within 1e-10.
        Assert.Equal(0.5, byStem["offset"].Dice, 1e-9);
        Assert.Equal(1.0 / 3, byStem["offset"].IoU, 1e-9);

        Assert.Equal(EvaluationMode.Official, result.Summary.Mode);
        Assert.Equal((1.0 / 3) / 4, result.Summary.Metrics["iou"].Mean, 1e-9);
        Assert.Contains("official", result.Summary.EmptyMaskConvention);
    }

    [Fact]
    public void A_prediction_of_another_size_is_resized_nearest_and_scored_at_the_ground_truth_resolution()
    {
        // Prediction 16x16, square 8x8 one pixel right of centre; upsampled x2 it covers [10,26) x [8,24) at 32x32.
        MaskImages.SavePng(Pred, "a.png", MaskImages.Rectangle(16, 16, 5, 4, 13, 12));
        MaskImages.SavePng(Gt, "a.png", MaskImages.Rectangle(32, 32, 8, 8, 24, 24));

        var result = Run();
        var image = Assert.Single(result.Images);

        Assert.Equal((32, 32, 16, 16, 32, 32), (image.Width, image.Height, image.PredictionWidth, image.PredictionHeight, image.GroundTruthWidth, image.GroundTruthHeight));
        Assert.True(image.PredictionResized);
        Assert.False(image.GroundTruthResized);
        Assert.Equal(1, result.Summary.ResizedPredictionCount);
        Assert.Equal(2.0 * 224 / 512, image.Dice, 1e-12);
        var atGroundTruthSize = SegmentationMetrics.Compute(
            MaskImages.RectangleMask(32, 32, 10, 8, 26, 24), MaskImages.RectangleMask(32, 32, 8, 8, 24, 24));
        Assert.Equal(atGroundTruthSize.Hd95, image.Hd95, 1e-12);
        // At the prediction's 16x16 the shift is one pixel, so the distances would be half as large.
        var atPredictionSize = SegmentationMetrics.Compute(
            MaskImages.RectangleMask(16, 16, 5, 4, 13, 12), MaskImages.RectangleMask(16, 16, 4, 4, 12, 12));
        Assert.NotEqual(atPredictionSize.Hd95, image.Hd95, 1e-6);
    }

    [Fact]
    public void A_chosen_size_resizes_both_masks()
    {
        MaskImages.SavePng(Pred, "a.png", MaskImages.Rectangle(32, 32, 8, 8, 24, 24));
        MaskImages.SavePng(Gt, "a.png", MaskImages.Rectangle(64, 48, 16, 12, 48, 36));

        var result = Run(new EvaluationOptions { Size = 16 });
        var image = Assert.Single(result.Images);

        Assert.Equal((16, 16), (image.Width, image.Height));
        Assert.True(image.PredictionResized && image.GroundTruthResized);
        Assert.Equal(1, image.Dice, 1e-12);
        Assert.Equal("16x16", result.Summary.Resolution);
        Assert.Equal(16, result.Summary.Size);
    }

    [Fact]
    public void A_lossy_jpeg_ground_truth_is_thresholded_at_half_its_maximum()
    {
        MaskImages.SavePng(Pred, "a.png", MaskImages.Rectangle(48, 48, 12, 10, 36, 40));
        MaskImages.SaveJpeg(Gt, "a.jpg", MaskImages.Rectangle(48, 48, 12, 10, 36, 40), quality: 60);
        using (var jpeg = Image.Load<L8>(_temp.Path("gt", "a.jpg")))
        {
            var noisy = 0;
            jpeg.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                    foreach (var p in rows.GetRowSpan(y)) noisy += p.PackedValue is 0 or 255 ? 0 : 1;
            });
            Assert.True(noisy > 50, $"the JPEG should have compression noise, {noisy} non-binary pixels");
        }

        var image = Assert.Single(Run().Images);

        Assert.True(image.Dice > 0.99, $"Dice {image.Dice}");
        Assert.True(image.Hd95 <= 1, $"HD95 {image.Hd95}");
    }

    [Fact]
    public void Rows_come_in_stem_order_whatever_the_parallelism()
    {
        foreach (var stem in new[] { "c3", "a1", "b2", "a10", "d" })
        {
            MaskImages.SavePng(Pred, stem + ".png", MaskImages.Rectangle(20, 20, 2, 2, 12, 12));
            MaskImages.SavePng(Gt, stem + ".png", MaskImages.Rectangle(20, 20, 4, 4, 14, 14));
        }

        var stems = Run(new EvaluationOptions { MaxDegreeOfParallelism = 3 }).Images.Select(i => i.Stem);

        Assert.Equal(["a1", "a10", "b2", "c3", "d"], stems);
    }

    [Fact]
    public void Progress_is_reported_once_per_image()
    {
        foreach (var stem in new[] { "a", "b", "c", "d" })
        {
            MaskImages.SavePng(Pred, stem + ".png", MaskImages.Rectangle(8, 8, 1, 1, 4, 4));
            MaskImages.SavePng(Gt, stem + ".png", MaskImages.Rectangle(8, 8, 1, 1, 4, 4));
        }

        var reported = new List<string>();
        _pipeline.Run(Pred, Gt, new EvaluationOptions { MaxDegreeOfParallelism = 2 }, image => reported.Add(image.Stem));

        Assert.Equal(["a", "b", "c", "d"], reported.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_corrupt_mask_is_reported_with_its_stem()
    {
        MaskImages.SavePng(Pred, "fine.png", MaskImages.Rectangle(8, 8));
        MaskImages.SavePng(Gt, "fine.png", MaskImages.Rectangle(8, 8));
        MaskImages.SavePng(Gt, "broken.png", MaskImages.Rectangle(8, 8));
        File.WriteAllBytes(Path.Combine(Pred, "broken.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);

        var error = Assert.Throws<InvalidDataException>(() => Run());

        Assert.Contains("'broken'", error.Message);
        Assert.Contains("broken.png", error.Message);
    }

    [Fact]
    public void An_out_of_range_size_is_refused()
    {
        MaskImages.SavePng(Pred, "a.png", MaskImages.Rectangle(8, 8));
        MaskImages.SavePng(Gt, "a.png", MaskImages.Rectangle(8, 8));

        Assert.Contains("between 1 and", Assert.Throws<ArgumentOutOfRangeException>(() => Run(new EvaluationOptions { Size = 0 })).Message);
    }

    void WriteEmptyMaskCases()
    {
        MaskImages.SavePng(Pred, "offset.png", MaskImages.Rectangle(16, 16, 4, 4, 8, 8));
        MaskImages.SavePng(Gt, "offset.png", MaskImages.Rectangle(16, 16, 6, 4, 10, 8));
        MaskImages.SavePng(Pred, "both-empty.png", MaskImages.Rectangle(16, 16));
        MaskImages.SavePng(Gt, "both-empty.png", MaskImages.Rectangle(16, 16));
        MaskImages.SavePng(Pred, "gt-empty.png", MaskImages.Rectangle(16, 16, 2, 2, 6, 6));
        MaskImages.SavePng(Gt, "gt-empty.png", MaskImages.Rectangle(16, 16));
        MaskImages.SavePng(Pred, "pred-empty.png", MaskImages.Rectangle(16, 16));
        MaskImages.SavePng(Gt, "pred-empty.png", MaskImages.Rectangle(16, 16, 2, 2, 6, 6));
    }

    static void AssertScores(ImageEvaluation image, double dice, double iou, double precision, double recall, double hd95)
    {
        Assert.Equal(dice, image.Dice, 1e-12);
        Assert.Equal(iou, image.IoU, 1e-12);
        Assert.Equal(precision, image.Precision, 1e-12);
        Assert.Equal(recall, image.Recall, 1e-12);
        if (double.IsNaN(hd95)) Assert.True(double.IsNaN(image.Hd95), $"HD95 {image.Hd95} should be NaN");
        else Assert.Equal(hd95, image.Hd95, 1e-12);
    }
}
