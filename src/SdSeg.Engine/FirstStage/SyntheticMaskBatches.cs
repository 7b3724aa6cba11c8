using SdSeg.Engine.Datasets;
using SdSeg.Imaging.Synthetic;
using static TorchSharp.torch;

namespace SdSeg.Engine.FirstStage;

/// <summary>
/// Endless seeded batches of synthetic masks (<see cref="SyntheticShapes"/>: one to three ellipses, polygons or blobs,
/// and now and then an empty mask) as the first stage takes them: [B, 3, P, P] in {−1, +1}. Batch <c>k</c> depends only on
/// the seed and <c>k</c>, so a pretraining run repeats exactly.
/// </summary>
public sealed class SyntheticMaskBatches(int pixelSize, int batchSize, int seed, int? cropSize = null)
{
    readonly int _crop = cropSize is { } c ? Math.Clamp(c, 1, pixelSize) : pixelSize;

    /// <summary>Share of empty masks: datasets have images without the structure, and the decoder must say so.</summary>
    public const double EmptyShare = 0.05;

    /// <summary>The masks of batch <paramref name="index"/>, on <paramref name="device"/>.</summary>
    public Tensor Batch(long index, Device device)
    {
        var random = new Random(unchecked((int)new SplitMix64(((ulong)(uint)seed << 32) ^ (ulong)index).NextUInt64()));
        int plane = _crop * _crop;
        var values = new float[batchSize * 3 * plane];
        for (int b = 0; b < batchSize; b++)
        {
            var mask = random.NextDouble() < EmptyShare ? null : SyntheticShapes.Mask(random, pixelSize);
            // A crop keeps the shapes at the scale of the whole mask and costs (crop/size)² of it to learn from.
            int top = random.Next(pixelSize - _crop + 1), left = random.Next(pixelSize - _crop + 1);
            for (int y = 0; y < _crop; y++)
                for (int x = 0; x < _crop; x++)
                {
                    float v = mask is not null && mask[left + x, top + y] ? 1f : -1f;
                    for (int c = 0; c < 3; c++)
                        values[(b * 3 + c) * plane + y * _crop + x] = v;
                }
        }
        using var host = tensor(values, [batchSize, 3, _crop, _crop]);
        return host.to(device);
    }
}
