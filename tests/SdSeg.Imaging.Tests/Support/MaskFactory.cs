using SdSeg.Imaging.Masks;

namespace SdSeg.Imaging.Tests.Support;

/// <summary>Builds masks for tests.</summary>
public static class MaskFactory
{
    /// <summary>Rows of '#' (foreground) and '.' (background).</summary>
    public static BinaryMask FromRows(params string[] rows)
    {
        var mask = new BinaryMask(rows[0].Length, rows.Length);
        for (var y = 0; y < rows.Length; y++)
        {
            for (var x = 0; x < rows[y].Length; x++)
            {
                mask[x, y] = rows[y][x] == '#';
            }
        }

        return mask;
    }

    /// <summary>A filled axis-aligned rectangle [x0, x0+w) x [y0, y0+h).</summary>
    public static BinaryMask Rectangle(int width, int height, int x0, int y0, int w, int h)
    {
        var mask = new BinaryMask(width, height);
        for (var y = y0; y < y0 + h; y++)
        {
            for (var x = x0; x < x0 + w; x++)
            {
                mask[x, y] = true;
            }
        }

        return mask;
    }
}
