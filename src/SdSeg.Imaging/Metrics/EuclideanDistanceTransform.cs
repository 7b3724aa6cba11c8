using SdSeg.Imaging.Masks;

namespace SdSeg.Imaging.Metrics;

/// <summary>Exact squared Euclidean distance transform (Felzenszwalb and Huttenlocher, 2012): linear time, two 1-D passes.</summary>
public static class EuclideanDistanceTransform
{
    /// <summary>For each pixel, the squared distance in pixels to the nearest foreground pixel of <paramref name="features"/>;
    /// <see cref="double.PositiveInfinity"/> everywhere when it has none.</summary>
    public static double[] SquaredDistanceToForeground(BinaryMask features)
    {
        ArgumentNullException.ThrowIfNull(features);
        int w = features.Width, h = features.Height;
        var grid = new double[w * h];
        var pixels = features.Pixels;
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = pixels[i] ? 0 : double.PositiveInfinity;
        }

        var n = Math.Max(w, h);
        var f = new double[n];
        var d = new double[n];
        var v = new int[n];
        var z = new double[n + 1];

        for (var x = 0; x < w; x++)
        {
            for (var y = 0; y < h; y++)
            {
                f[y] = grid[(y * w) + x];
            }

            Transform1D(f, d, v, z, h);
            for (var y = 0; y < h; y++)
            {
                grid[(y * w) + x] = d[y];
            }
        }

        for (var y = 0; y < h; y++)
        {
            var row = grid.AsSpan(y * w, w);
            row.CopyTo(f);
            Transform1D(f, d, v, z, w);
            d.AsSpan(0, w).CopyTo(row);
        }

        return grid;
    }

    private static double Intersection(double[] f, int q, int p) =>
        ((f[q] + ((double)q * q)) - (f[p] + ((double)p * p))) / (2.0 * (q - p));

    // Lower envelope of the parabolas (q - p)^2 + f(p); infinite samples add no parabola, so no INF-INF arithmetic happens.
    private static void Transform1D(double[] f, double[] d, int[] v, double[] z, int n)
    {
        var k = -1;
        for (var q = 0; q < n; q++)
        {
            if (double.IsPositiveInfinity(f[q]))
            {
                continue;
            }

            if (k < 0)
            {
                k = 0;
                v[0] = q;
                z[0] = double.NegativeInfinity;
                z[1] = double.PositiveInfinity;
                continue;
            }

            // z[0] is -infinity, so the search stops at k = 0 at the latest.
            var s = Intersection(f, q, v[k]);
            while (s <= z[k])
            {
                k--;
                s = Intersection(f, q, v[k]);
            }

            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }

        if (k < 0)
        {
            Array.Fill(d, double.PositiveInfinity, 0, n);
            return;
        }

        var j = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[j + 1] < q)
            {
                j++;
            }

            var offset = q - v[j];
            d[q] = ((double)offset * offset) + f[v[j]];
        }
    }
}
