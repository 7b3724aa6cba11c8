using SdSeg.Imaging.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Engine.Tests.Evaluation;

/// <summary>Writes small 0/255 mask files (PNG or lossy JPEG) with rectangles, for evaluation tests.</summary>
public static class MaskImages
{
    /// <summary>A width x height mask with foreground in [x0, x1) x [y0, y1); an empty rectangle gives an empty mask.</summary>
    public static Image<L8> Rectangle(int width, int height, int x0 = 0, int y0 = 0, int x1 = 0, int y1 = 0)
    {
        var image = new Image<L8>(width, height);
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                image[x, y] = new L8(255);
            }
        }

        return image;
    }

    /// <summary>The same rectangle as an in-memory binary mask.</summary>
    public static BinaryMask RectangleMask(int width, int height, int x0, int y0, int x1, int y1)
    {
        var mask = new BinaryMask(width, height);
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                mask[x, y] = true;
            }
        }

        return mask;
    }

    public static void SavePng(string folder, string fileName, Image<L8> image)
    {
        Directory.CreateDirectory(folder);
        using (image)
        {
            image.SaveAsPng(Path.Combine(folder, fileName));
        }
    }

    public static void SaveJpeg(string folder, string fileName, Image<L8> image, int quality)
    {
        Directory.CreateDirectory(folder);
        using (image)
        {
            image.SaveAsJpeg(Path.Combine(folder, fileName), new JpegEncoder { Quality = quality });
        }
    }
}
