using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Metrics;
using SdSeg.Imaging.Tests.Support;

namespace SdSeg.Imaging.Tests.Metrics;

public sealed class SegmentationMetricsTests
{
    [Fact]
    public void Two_4x4_squares_offset_by_2_have_hand_computed_scores()
    {
        // A covers x 1..4, B covers x 3..6 (rows 1..4): overlap 2x4 = 8 of 16 each.
        var a = MaskFactory.Rectangle(10, 10, 1, 1, 4, 4);
        var b = MaskFactory.Rectangle(10, 10, 3, 1, 4, 4);

        var scores = SegmentationMetrics.Compute(a, b);

        Assert.Equal(0.5, scores.Dice, 1e-12);
        Assert.Equal(1.0 / 3.0, scores.IoU, 1e-12);
        Assert.Equal(0.5, scores.Precision, 1e-12);
        Assert.Equal(0.5, scores.Recall, 1e-12);
        Assert.Equal((8, 8, 8, 76), (scores.TruePositives, scores.FalsePositives, scores.FalseNegatives, scores.TrueNegatives));
        // Directed A->B over A's 12 boundary pixels: four at 2 (left column), four at 1, four at 0; the 95th percentile
        // (rank 0.95*11 = 10.45) falls between two 2s. B->A mirrors it.
        Assert.Equal(new double[] { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 }, BoundaryDistances.Directed(a, b));
        Assert.Equal(2.0, scores.Hd95, 1e-12);
        Assert.Equal(2.0, scores.Hausdorff, 1e-12);
    }

    [Fact]
    public void Diagonal_offset_gives_euclidean_distance()
    {
        var a = MaskFactory.Rectangle(20, 20, 2, 2, 1, 1);
        var b = MaskFactory.Rectangle(20, 20, 5, 6, 1, 1);
        Assert.Equal(5.0, BoundaryDistances.Hd95(a, b), 1e-12);
    }

    [Fact]
    public void Identical_masks_have_hd95_zero_and_perfect_overlap()
    {
        var a = MaskFactory.Rectangle(30, 20, 3, 4, 11, 7);
        var scores = SegmentationMetrics.Compute(a, a.Clone());
        Assert.Equal((1.0, 1.0, 0.0, 0.0), (scores.Dice, scores.IoU, scores.Hd95, scores.Hausdorff));
    }

    [Fact]
    public void A_single_far_stray_pixel_moves_hausdorff_but_not_hd95()
    {
        var truth = MaskFactory.Rectangle(64, 64, 10, 10, 10, 10);
        var prediction = truth.Clone();
        prediction[60, 60] = true;

        var scores = SegmentationMetrics.Compute(prediction, truth);

        // The stray pixel is 1 of 37 boundary pixels, above the 95th percentile rank (0.95*36 = 34.2).
        Assert.Equal(0.0, scores.Hd95, 1e-12);
        Assert.Equal(Math.Sqrt((41 * 41) + (41 * 41)), scores.Hausdorff, 1e-9);
        Assert.Equal(200.0 / 201.0, scores.Dice, 1e-12);
    }

    [Fact]
    public void Empty_mask_conventions()
    {
        var empty = new BinaryMask(8, 8);
        var square = MaskFactory.Rectangle(8, 8, 2, 2, 3, 3);

        var bothEmpty = SegmentationMetrics.Compute(empty, empty.Clone());
        Assert.Equal((1.0, 1.0, 1.0, 1.0, 0.0), (bothEmpty.Dice, bothEmpty.IoU, bothEmpty.Precision, bothEmpty.Recall, bothEmpty.Hd95));

        foreach (var (prediction, truth) in new[] { (empty, square), (square, empty) })
        {
            var scores = SegmentationMetrics.Compute(prediction, truth);
            Assert.Equal((0.0, 0.0, 0.0, 0.0), (scores.Dice, scores.IoU, scores.Precision, scores.Recall));
            Assert.True(double.IsNaN(scores.Hd95));
            Assert.True(double.IsNaN(scores.Hausdorff));
        }
    }

    [Fact]
    public void Different_sizes_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SegmentationMetrics.Compute(new BinaryMask(4, 4), new BinaryMask(4, 5)));
        Assert.Contains("4x4 vs 4x5", error.Message);
    }

    [Fact]
    public void Distance_transform_matches_brute_force()
    {
        var random = new Random(7);
        var features = new BinaryMask(37, 23);
        for (var i = 0; i < 12; i++)
        {
            features[random.Next(37), random.Next(23)] = true;
        }

        var transform = EuclideanDistanceTransform.SquaredDistanceToForeground(features);
        for (var y = 0; y < 23; y++)
        {
            for (var x = 0; x < 37; x++)
            {
                var best = double.PositiveInfinity;
                for (var fy = 0; fy < 23; fy++)
                {
                    for (var fx = 0; fx < 37; fx++)
                    {
                        if (features[fx, fy])
                        {
                            best = Math.Min(best, ((x - fx) * (x - fx)) + ((y - fy) * (y - fy)));
                        }
                    }
                }

                Assert.Equal(best, transform[(y * 37) + x]);
            }
        }

        Assert.All(EuclideanDistanceTransform.SquaredDistanceToForeground(new BinaryMask(5, 3)), d => Assert.True(double.IsPositiveInfinity(d)));
    }

    [Fact]
    public void Percentile_interpolates_like_numpy()
    {
        Assert.Equal(9.5, BoundaryDistances.Percentile([0.0, 10.0], 95), 1e-12);
        Assert.Equal(19.0, BoundaryDistances.Percentile(Enumerable.Range(0, 21).Select(i => (double)i).ToArray(), 95), 1e-12);
    }
}
