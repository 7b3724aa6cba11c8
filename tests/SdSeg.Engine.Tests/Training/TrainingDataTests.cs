using SdSeg.Engine.Datasets;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Engine.Training;
using static TorchSharp.torch;

namespace SdSeg.Engine.Tests.Training;

public sealed class TrainingDataTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    TrainingData Load(long seed)
    {
        var source = TrainingFixtures.Dataset(_temp.Path("source"), count: 6);
        var target = _temp.Path("imported");
        if (!File.Exists(Path.Combine(target, DatasetManifest.FileName)))
            new DatasetImporter().Import(DatasetLayoutDetector.Detect(source), target);
        return TrainingData.Load(target, DatasetManifest.Read(target).Stems(), 32, seed);
    }

    [Fact]
    public void Batches_hold_images_in_range_and_three_channel_masks_of_minus_and_plus_one()
    {
        var data = Load(seed: 1);
        using var batch = data.TrainingBatch(0, 4, CPU);

        Assert.Equal([4L, 3, 32, 32], batch.Images.shape);
        Assert.Equal([4L, 3, 32, 32], batch.Masks.shape);
        Assert.True(batch.Masks.abs().eq(1).all().item<bool>());
        Assert.True(Same(batch.Masks[.., 0], batch.Masks[.., 2]));
        Assert.InRange(batch.Images.min().item<float>(), -1f, 1f);
        Assert.InRange(batch.Images.max().item<float>(), -1f, 1f);
    }

    [Fact]
    public void The_same_seed_and_step_give_the_same_batch_and_epochs_visit_every_sample()
    {
        var a = Load(seed: 5);
        var b = Load(seed: 5);
        using var first = a.TrainingBatch(7, 2, CPU);
        using var again = b.TrainingBatch(7, 2, CPU);
        Assert.Equal(first.Indices, again.Indices);
        Assert.True(Same(first.Images, again.Images));

        var epoch = Enumerable.Range(0, a.BatchesPerEpoch(2)).SelectMany(s => { using var batch = a.TrainingBatch(s, 2, CPU); return batch.Indices; });
        Assert.Equal(Enumerable.Range(0, 6), epoch.Order());
    }

    [Fact]
    public void Flips_move_image_and_mask_together()
    {
        var data = Load(seed: 2);
        int flipped = 0;
        for (long step = 0; step < 12; step++)
        {
            using var batch = data.TrainingBatch(step, 1, CPU);
            using var plain = data.Slice(batch.Indices[0], 1, CPU);
            bool same = Same(batch.Images, plain.Images);
            Assert.Equal(same, Same(batch.Masks, plain.Masks));
            foreach (var (dims, name) in new[] { (new long[] { 3 }, "h"), ([2], "v"), ([2, 3], "hv") })
            {
                if (Same(batch.Images, plain.Images.flip(dims)))
                {
                    Assert.True(Same(batch.Masks, plain.Masks.flip(dims)), name);
                    flipped++;
                }
            }
        }
        Assert.True(flipped > 0, "some of 12 draws flip");
    }

    [Fact]
    public void Crops_cut_image_and_mask_at_the_same_window_of_the_step_s_batch_and_repeat_with_the_seed()
    {
        var data = Load(seed: 4);
        var positions = new HashSet<(long, long)>();
        for (long step = 0; step < 6; step++)
        {
            using var full = data.TrainingBatch(step, 2, CPU);
            using var cropped = data.CroppedTrainingBatch(step, 2, 16, CPU);
            using var again = Load(seed: 4).CroppedTrainingBatch(step, 2, 16, CPU);
            Assert.Equal(full.Indices, cropped.Indices);
            Assert.Equal([2L, 3, 16, 16], cropped.Images.shape);
            Assert.Equal([2L, 3, 16, 16], cropped.Masks.shape);
            Assert.True(Same(cropped.Images, again.Images) && Same(cropped.Masks, again.Masks));
            for (int b = 0; b < 2; b++)
            {
                var window = Enumerable.Range(0, 17).SelectMany(y => Enumerable.Range(0, 17).Select(x => (y, x)))
                    .Where(p => Same(full.Images[b, .., p.y..(p.y + 16), p.x..(p.x + 16)], cropped.Images[b])).ToList();
                Assert.NotEmpty(window);
                var (wy, wx) = window[0];
                Assert.True(Same(full.Masks[b, .., wy..(wy + 16), wx..(wx + 16)], cropped.Masks[b]));
                positions.Add((wy, wx));
            }
        }
        Assert.True(positions.Count > 1, "the window moves between samples and steps");
        using var whole = data.CroppedTrainingBatch(0, 2, 32, CPU);
        using var plain = data.TrainingBatch(0, 2, CPU);
        Assert.True(Same(whole.Images, plain.Images));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.CroppedTrainingBatch(0, 2, 33, CPU));
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
