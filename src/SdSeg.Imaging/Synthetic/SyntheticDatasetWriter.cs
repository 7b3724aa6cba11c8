using SdSeg.Imaging.Rendering;
using SixLabors.ImageSharp;

namespace SdSeg.Imaging.Synthetic;

/// <summary>Writes a synthetic dataset in the generic layout the importer reads: <c>images/&lt;stem&gt;.png</c> and <c>masks/&lt;stem&gt;.png</c>.</summary>
public static class SyntheticDatasetWriter
{
    public const string ImagesFolder = "images";
    public const string MasksFolder = "masks";

    /// <summary>Writes <paramref name="count"/> pairs of <paramref name="size"/>² pixels into <paramref name="folder"/>, drawn from <paramref name="seed"/>.</summary>
    public static void Write(string folder, int count, int size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var images = Directory.CreateDirectory(Path.Combine(folder, ImagesFolder)).FullName;
        var masks = Directory.CreateDirectory(Path.Combine(folder, MasksFolder)).FullName;
        var random = new Random(seed);
        int digits = Math.Max(3, (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        for (int i = 0; i < count; i++)
        {
            var stem = $"shape{i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0')}";
            var mask = SyntheticShapes.Mask(random, size);
            using var image = SyntheticShapes.Image(random, mask);
            image.SaveAsPng(Path.Combine(images, stem + ".png"));
            MaskPngEncoder.SaveBinaryMask(mask, Path.Combine(masks, stem + ".png"));
        }
    }
}
