using SdSeg.Imaging.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Synthetic;

/// <summary>
/// Random binary masks of one to three shapes (ellipses, convex polygons and smooth blobs, of many sizes, some touching
/// the border) and images in which those shapes are visible: a coloured, shaded, noisy background with the shapes in
/// another colour. The mask follows from the image, and its position from nothing else, so a model that ignores the
/// image cannot score well. Everything is drawn from the given <see cref="Random"/>, so a seed repeats a dataset.
/// </summary>
public static class SyntheticShapes
{
    /// <summary>A mask of <paramref name="size"/>² pixels with one to <paramref name="maxShapes"/> shapes.</summary>
    public static BinaryMask Mask(Random random, int size, int maxShapes = 3)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShapes, 1);
        var mask = new BinaryMask(size, size);
        int shapes = 1 + random.Next(maxShapes);
        for (int s = 0; s < shapes; s++)
        {
            var (inside, cx, cy, reach) = random.Next(3) switch
            {
                0 => Ellipse(random, size),
                1 => Polygon(random, size),
                _ => Blob(random, size),
            };
            // Only the shape's bounding square can be inside it.
            int x0 = Math.Max(0, (int)Math.Floor(cx - reach)), x1 = Math.Min(size - 1, (int)Math.Ceiling(cx + reach));
            int y0 = Math.Max(0, (int)Math.Floor(cy - reach)), y1 = Math.Min(size - 1, (int)Math.Ceiling(cy + reach));
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                    if (inside(x + 0.5, y + 0.5))
                        mask[x, y] = true;
        }
        return mask;
    }

    /// <summary>An RGB image of <paramref name="mask"/>: shapes and background in two random colours at least 60 levels apart, with shading and noise.</summary>
    public static Image<Rgb24> Image(Random random, BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(mask);
        var background = RandomColour(random);
        double[] foreground;
        do
            foreground = RandomColour(random);
        while (Distance(background, foreground) < 60);
        double gx = (random.NextDouble() - 0.5) * 60, gy = (random.NextDouble() - 0.5) * 60, noise = 4 + random.NextDouble() * 12;
        var image = new Image<Rgb24>(mask.Width, mask.Height);
        for (int y = 0; y < mask.Height; y++)
            for (int x = 0; x < mask.Width; x++)
            {
                var colour = mask[x, y] ? foreground : background;
                double shade = gx * x / mask.Width + gy * y / mask.Height;
                byte Channel(int c) => (byte)Math.Clamp(Math.Round(colour[c] + shade + Gaussian(random) * noise), 0, 255);
                image[x, y] = new Rgb24(Channel(0), Channel(1), Channel(2));
            }
        return image;
    }

    static (Func<double, double, bool> Inside, double Cx, double Cy, double Reach) Ellipse(Random random, int size)
    {
        double cx = random.NextDouble() * size, cy = random.NextDouble() * size;
        double a = size * (0.06 + random.NextDouble() * 0.3), b = a * (0.4 + random.NextDouble() * 0.6);
        double angle = random.NextDouble() * Math.PI, cos = Math.Cos(angle), sin = Math.Sin(angle);
        return ((x, y) =>
        {
            double u = (x - cx) * cos + (y - cy) * sin, v = -(x - cx) * sin + (y - cy) * cos;
            return (u * u) / (a * a) + (v * v) / (b * b) <= 1;
        }, cx, cy, a);
    }

    static (Func<double, double, bool> Inside, double Cx, double Cy, double Reach) Polygon(Random random, int size)
    {
        double cx = random.NextDouble() * size, cy = random.NextDouble() * size, radius = size * (0.08 + random.NextDouble() * 0.3);
        int corners = 3 + random.Next(6);
        var angles = Enumerable.Range(0, corners).Select(_ => random.NextDouble() * 2 * Math.PI).Order().ToArray();
        var points = angles.Select(t => (X: cx + radius * Math.Cos(t), Y: cy + radius * Math.Sin(t))).ToArray();
        // Points on a circle in angular order make a convex polygon: inside means left of every edge.
        return ((x, y) =>
        {
            for (int i = 0; i < points.Length; i++)
            {
                var (x0, y0) = points[i];
                var (x1, y1) = points[(i + 1) % points.Length];
                if ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) < 0)
                    return false;
            }
            return true;
        }, cx, cy, radius);
    }

    static (Func<double, double, bool> Inside, double Cx, double Cy, double Reach) Blob(Random random, int size)
    {
        double cx = random.NextDouble() * size, cy = random.NextDouble() * size, radius = size * (0.08 + random.NextDouble() * 0.28);
        var harmonics = Enumerable.Range(2, 4).Select(k => (K: k, Amplitude: random.NextDouble() * 0.25 / k * 2, Phase: random.NextDouble() * 2 * Math.PI)).ToArray();
        double reach = radius * (1 + harmonics.Sum(h => h.Amplitude));
        return ((x, y) =>
        {
            double dx = x - cx, dy = y - cy;
            double squared = dx * dx + dy * dy;
            if (squared > reach * reach)
                return false;
            double angle = Math.Atan2(dy, dx), r = radius;
            foreach (var (k, amplitude, phase) in harmonics)
                r += radius * amplitude * Math.Sin(k * angle + phase);
            return squared <= r * r;
        }, cx, cy, reach);
    }

    static double[] RandomColour(Random random) => [30 + random.NextDouble() * 195, 30 + random.NextDouble() * 195, 30 + random.NextDouble() * 195];

    static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum());

    static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
