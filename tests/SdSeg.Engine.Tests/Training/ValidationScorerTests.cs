using SdSeg.Engine.Training;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Model;
using SdSeg.Model.Diffusion;
using static TorchSharp.torch;

namespace SdSeg.Engine.Tests.Training;

public sealed class ValidationScorerTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_segmenter_that_follows_the_image_loses_most_of_its_Dice_on_shuffled_pairs()
    {
        var data = ShapesDataset.Load(_temp.Path("shapes"), 12);
        var scores = ValidationScorer.Score(new OracleSegmenter(data), data, batchSize: 5, CPU);

        Assert.Equal(1.0, scores.Dice, 1e-9);
        Assert.True(scores.ShuffledDice < 0.5, $"shuffled pairs scored {scores.ShuffledDice:F3}");
        Assert.True(scores.ShuffleDrop > 0.5);
    }

    [Fact]
    public void A_segmenter_that_ignores_the_image_scores_the_same_on_shuffled_pairs()
    {
        var data = ShapesDataset.Load(_temp.Path("shapes"), 12);
        var scores = ValidationScorer.Score(new ConstantSegmenter(data.PixelSize), data, batchSize: 5, CPU);

        Assert.Equal(scores.Dice, scores.ShuffledDice, 1e-9);
    }

    /// <summary>Returns each image's true mask, found by the image's place in the data.</summary>
    sealed class OracleSegmenter(TrainingData data) : ISegmenter
    {
        int _next;
        public int PixelSize => data.PixelSize;

        public SegmentationOutput Segment(Tensor images)
        {
            var masks = Enumerable.Range(0, (int)images.shape[0]).Select(_ =>
            {
                var mask = data.MaskOf(_next++);
                return tensor(mask.Pixels.ToArray(), [1, mask.Height, mask.Width]);
            }).ToList();
            var stacked = cat(masks, 0);
            return new SegmentationOutput(stacked.to(float32), stacked, null);
        }
    }

    /// <summary>A disc in the middle, whatever the image.</summary>
    sealed class ConstantSegmenter(int size) : ISegmenter
    {
        public int PixelSize => size;

        public SegmentationOutput Segment(Tensor images)
        {
            var coordinates = arange(size, float32) - size / 2f;
            var disc = (coordinates.view(size, 1).pow(2) + coordinates.view(1, size).pow(2)).le(size * size / 16f);
            var masks = disc.unsqueeze(0).expand(images.shape[0], size, size).contiguous();
            return new SegmentationOutput(masks.to(float32), masks, null);
        }
    }
}
