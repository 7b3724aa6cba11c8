using SdSeg.Imaging.Masks;

namespace SdSeg.Engine.Datasets;

/// <summary>Finds isolated foreground pixels (no foreground among the 8 neighbours), such as Kvasir-SEG's stray pixel at (0,0).</summary>
public static class StrayPixels
{
    /// <summary>The number of isolated foreground pixels and the first one in row-major order (null when none).</summary>
    public static (int Count, (int X, int Y)? First) Find(BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var (w, h) = (mask.Width, mask.Height);
        var pixels = mask.Pixels;
        var count = 0;
        (int, int)? first = null;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (pixels[(y * w) + x] && !HasForegroundNeighbour(pixels, w, h, x, y))
                {
                    count++;
                    first ??= (x, y);
                }
            }
        }

        return (count, first);
    }

    private static bool HasForegroundNeighbour(Span<bool> pixels, int w, int h, int x, int y)
    {
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                var (nx, ny) = (x + dx, y + dy);
                if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < w && ny < h && pixels[(ny * w) + nx])
                {
                    return true;
                }
            }
        }

        return false;
    }
}
