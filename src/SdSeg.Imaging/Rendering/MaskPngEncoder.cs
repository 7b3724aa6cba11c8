using SdSeg.Imaging.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Rendering;

/// <summary>Writes masks as PNG: binary masks as 8-bit gray 0/255, soft maps as 16-bit gray round(value*65535).</summary>
public static class MaskPngEncoder
{
    private static readonly PngEncoder Gray8 = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };
    private static readonly PngEncoder Gray16 = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 };

    public static void WriteBinaryMask(BinaryMask mask, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var source = mask.Pixels;
        var pixels = new L8[source.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = new L8(source[i] ? byte.MaxValue : byte.MinValue);
        }

        using var image = Image.LoadPixelData<L8>(pixels, mask.Width, mask.Height);
        image.Save(destination, Gray8);
    }

    public static void SaveBinaryMask(BinaryMask mask, string path)
    {
        using var file = File.Create(path);
        WriteBinaryMask(mask, file);
    }

    /// <summary>Values are clamped to [0,1] (model outputs overshoot slightly); NaN is refused.</summary>
    public static void WriteSoftMap(SoftMap map, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(map);
        var values = map.Values;
        var pixels = new L16[values.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            if (float.IsNaN(values[i]))
            {
                throw new ArgumentException($"The soft map has NaN at ({i % map.Width},{i / map.Width}).", nameof(map));
            }

            pixels[i] = new L16((ushort)Math.Round(Math.Clamp(values[i], 0f, 1f) * 65535.0, MidpointRounding.AwayFromZero));
        }

        using var image = Image.LoadPixelData<L16>(pixels, map.Width, map.Height);
        image.Save(destination, Gray16);
    }

    public static void SaveSoftMap(SoftMap map, string path)
    {
        using var file = File.Create(path);
        WriteSoftMap(map, file);
    }
}
