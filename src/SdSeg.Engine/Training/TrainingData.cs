using SdSeg.Engine.Datasets;
using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Resizing;
using static TorchSharp.torch;

namespace SdSeg.Engine.Training;

/// <summary>
/// The samples of one split subset, decoded once and kept in memory at the model's pixel size: images as CHW floats in
/// [−1, 1], masks as {−1, +1} planes. Training batches are drawn per epoch from a seeded permutation, each sample flipped
/// horizontally and vertically with p = 0.5 (the same draw for image and mask, spec §2); the draws depend only on the
/// seed and the step, so a resumed run sees exactly the batches it would have seen.
/// </summary>
public sealed class TrainingData
{
    readonly float[][] _images;
    readonly float[][] _masks;
    readonly long _seed;

    TrainingData(IReadOnlyList<string> stems, float[][] images, float[][] masks, int pixelSize, long seed)
    {
        Stems = stems;
        _images = images;
        _masks = masks;
        PixelSize = pixelSize;
        _seed = seed;
    }

    /// <summary>The sample stems, in the order of the subset list.</summary>
    public IReadOnlyList<string> Stems { get; }

    public int Count => Stems.Count;

    /// <summary>The side of the square model input.</summary>
    public int PixelSize { get; }

    /// <summary>
    /// Decodes the <paramref name="stems"/> of the imported dataset in <paramref name="datasetFolder"/> (paths from its
    /// dataset.json), resizing images (bicubic) and masks (nearest) to <paramref name="pixelSize"/>.
    /// </summary>
    public static TrainingData Load(string datasetFolder, IReadOnlyList<string> stems, int pixelSize, long seed, ImageDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(stems);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelSize);
        decoder ??= new ImageDecoder();
        var manifest = DatasetManifest.Read(datasetFolder);
        var samples = manifest.Samples.ToDictionary(s => s.Stem, StringComparer.Ordinal);
        var images = new float[stems.Count][];
        var masks = new float[stems.Count][];
        Parallel.For(0, stems.Count, i =>
        {
            if (!samples.TryGetValue(stems[i], out var sample))
                throw new InvalidDataException($"The split names '{stems[i]}', which is not a sample of the dataset '{datasetFolder}'.");
            using (var image = decoder.Decode(Path.Combine(datasetFolder, sample.ImagePath)))
                images[i] = ModelInputResizer.ToModelInput(image, pixelSize, pixelSize).Chw;
            using var maskImage = decoder.Decode(Path.Combine(datasetFolder, sample.MaskPath));
            var mask = MaskResizer.ResizeNearest(MaskBinarizer.Binarize(maskImage).Mask, pixelSize, pixelSize);
            var plane = new float[pixelSize * pixelSize];
            var pixels = mask.Pixels;
            for (int p = 0; p < plane.Length; p++)
                plane[p] = pixels[p] ? 1f : -1f;
            masks[i] = plane;
        });
        return new TrainingData(stems.ToList(), images, masks, pixelSize, seed);
    }

    /// <summary>Optimisation steps per epoch: the last partial batch is dropped when there are at least two batches' worth of samples.</summary>
    public int BatchesPerEpoch(int batchSize) =>
        Count >= 2 * batchSize ? Count / batchSize : Math.Max(1, (Count + batchSize - 1) / batchSize);

    /// <summary>The batch of optimisation step <paramref name="step"/> (0-based): shuffled per epoch, flipped at random.</summary>
    public TrainingBatch TrainingBatch(long step, int batchSize, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (Count == 0)
            throw new InvalidOperationException("The training subset is empty.");
        int perEpoch = BatchesPerEpoch(batchSize);
        long epoch = step / perEpoch;
        int position = (int)(step % perEpoch);
        var order = Permutation(epoch);
        var indices = Enumerable.Range(position * batchSize, batchSize).Where(i => i < Count).Select(i => order[i]).ToArray();
        if (indices.Length == 0)
            indices = [order[0]];
        var flips = new Random(unchecked((int)Mix(_seed, 0x5EED_F11F, step)));
        var draws = indices.Select(_ => (Horizontal: flips.NextDouble() < 0.5, Vertical: flips.NextDouble() < 0.5)).ToArray();
        return Build(indices, draws, device);
    }

    /// <summary>
    /// The batch of step <paramref name="step"/> as <see cref="TrainingBatch(long, int, Device)"/> gives it, each sample cut to a
    /// <paramref name="cropSize"/>² window at a position drawn from the seed and the step (the same window for image and mask).
    /// </summary>
    public TrainingBatch CroppedTrainingBatch(long step, int batchSize, int cropSize, Device device)
    {
        if (cropSize < 1 || cropSize > PixelSize)
            throw new ArgumentOutOfRangeException(nameof(cropSize), cropSize, $"The crop must be between 1 and the input size {PixelSize}.");
        var full = TrainingBatch(step, batchSize, device);
        if (cropSize == PixelSize)
            return full;
        using (full)
        {
            var positions = new Random(unchecked((int)Mix(_seed, 0x5EED_C409, step)));
            var images = new List<Tensor>();
            var masks = new List<Tensor>();
            using var scope = NewDisposeScope();
            for (int b = 0; b < full.Indices.Count; b++)
            {
                int y = positions.Next(PixelSize - cropSize + 1), x = positions.Next(PixelSize - cropSize + 1);
                images.Add(full.Images[b..(b + 1), .., y..(y + cropSize), x..(x + cropSize)]);
                masks.Add(full.Masks[b..(b + 1), .., y..(y + cropSize), x..(x + cropSize)]);
            }
            var batch = new TrainingBatch(cat(images, 0).contiguous(), cat(masks, 0).contiguous(), full.Indices);
            batch.Images.MoveToOuterDisposeScope();
            batch.Masks.MoveToOuterDisposeScope();
            return batch;
        }
    }

    /// <summary>Samples <paramref name="start"/>..start+count−1 without augmentation (validation).</summary>
    public TrainingBatch Slice(int start, int count, Device device)
    {
        var indices = Enumerable.Range(start, Math.Min(count, Count - start)).ToArray();
        return Build(indices, indices.Select(_ => (false, false)).ToArray(), device);
    }

    /// <summary>The samples at <paramref name="indices"/> without augmentation.</summary>
    public TrainingBatch Gather(IReadOnlyList<int> indices, Device device)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Any(i => i < 0 || i >= Count))
            throw new ArgumentOutOfRangeException(nameof(indices), $"Sample indices must lie in 0..{Count - 1}.");
        return Build(indices.ToArray(), indices.Select(_ => (false, false)).ToArray(), device);
    }

    /// <summary>The mask of sample <paramref name="index"/> at the model size.</summary>
    public BinaryMask MaskOf(int index)
    {
        var plane = _masks[index];
        var pixels = new bool[plane.Length];
        for (int p = 0; p < plane.Length; p++)
            pixels[p] = plane[p] > 0;
        return new BinaryMask(PixelSize, PixelSize, pixels);
    }

    TrainingBatch Build(int[] indices, (bool Horizontal, bool Vertical)[] flips, Device device)
    {
        int size = PixelSize, plane = size * size;
        var images = new float[indices.Length * 3 * plane];
        var masks = new float[indices.Length * 3 * plane];
        for (int b = 0; b < indices.Length; b++)
        {
            var image = _images[indices[b]];
            var mask = _masks[indices[b]];
            var (h, v) = flips[b];
            for (int y = 0; y < size; y++)
            {
                int sy = v ? size - 1 - y : y;
                for (int x = 0; x < size; x++)
                {
                    int source = sy * size + (h ? size - 1 - x : x);
                    int target = y * size + x;
                    for (int c = 0; c < 3; c++)
                    {
                        images[(b * 3 + c) * plane + target] = image[c * plane + source];
                        masks[(b * 3 + c) * plane + target] = mask[source];
                    }
                }
            }
        }
        long[] shape = [indices.Length, 3, size, size];
        return new TrainingBatch(OnDevice(images, shape, device), OnDevice(masks, shape, device), indices);
    }

    static Tensor OnDevice(float[] values, long[] shape, Device device)
    {
        var host = tensor(values, shape);
        if (host.device == device)
            return host;
        var moved = host.to(device);
        host.Dispose();
        return moved;
    }

    int[] Permutation(long epoch)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(unchecked((int)Mix(_seed, 0x5EED_0BDE, epoch))).Shuffle(order);
        return order;
    }

    static ulong Mix(long seed, long stream, long value)
    {
        // SplitMix64 finaliser over the three inputs: nearby seeds and steps give unrelated draws.
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xBF58476D1CE4E5B9UL ^ (ulong)value * 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
