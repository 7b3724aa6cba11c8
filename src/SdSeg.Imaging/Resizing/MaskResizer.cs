using SdSeg.Imaging.Masks;

namespace SdSeg.Imaging.Resizing;

/// <summary>Resizes masks: binary masks by nearest neighbour (no new values), soft maps by bilinear interpolation.</summary>
public static class MaskResizer
{
    /// <summary>Nearest neighbour with pixel centres aligned (source index = floor((i + 0.5) * src / dst)), as PIL NEAREST.</summary>
    public static BinaryMask ResizeNearest(BinaryMask mask, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (mask.Width == width && mask.Height == height)
        {
            return mask.Clone();
        }

        var xs = NearestIndices(mask.Width, width);
        var ys = NearestIndices(mask.Height, height);
        var result = new BinaryMask(width, height);
        var source = mask.Pixels;
        var target = result.Pixels;
        for (var y = 0; y < height; y++)
        {
            var row = ys[y] * mask.Width;
            for (var x = 0; x < width; x++)
            {
                target[(y * width) + x] = source[row + xs[x]];
            }
        }

        return result;
    }

    /// <summary>Bilinear with pixel centres aligned (align_corners = false, edges clamped); meant for bringing a
    /// model-size probability map back to the original image size before thresholding.</summary>
    public static SoftMap ResizeBilinear(SoftMap map, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (map.Width == width && map.Height == height)
        {
            return new SoftMap(width, height, map.Values);
        }

        var source = map.Values;
        var result = new float[width * height];
        var scaleX = (double)map.Width / width;
        var scaleY = (double)map.Height / height;
        for (var y = 0; y < height; y++)
        {
            var (y0, y1, fy) = Neighbours((y + 0.5) * scaleY - 0.5, map.Height);
            for (var x = 0; x < width; x++)
            {
                var (x0, x1, fx) = Neighbours((x + 0.5) * scaleX - 0.5, map.Width);
                var top = source[(y0 * map.Width) + x0] * (1 - fx) + source[(y0 * map.Width) + x1] * fx;
                var bottom = source[(y1 * map.Width) + x0] * (1 - fx) + source[(y1 * map.Width) + x1] * fx;
                result[(y * width) + x] = (float)(top * (1 - fy) + bottom * fy);
            }
        }

        return new SoftMap(width, height, result);
    }

    private static int[] NearestIndices(int source, int target)
    {
        var indices = new int[target];
        for (var i = 0; i < target; i++)
        {
            indices[i] = Math.Min(source - 1, (int)Math.Floor((i + 0.5) * source / target));
        }

        return indices;
    }

    private static (int Low, int High, double Fraction) Neighbours(double position, int size)
    {
        position = Math.Clamp(position, 0, size - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, size - 1);
        return (low, high, position - low);
    }
}
