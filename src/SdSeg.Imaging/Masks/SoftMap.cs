namespace SdSeg.Imaging.Masks;

/// <summary>A per-pixel foreground probability map (row-major floats, normally in [0,1]).</summary>
public sealed class SoftMap
{
    private readonly float[] _values;

    /// <summary>A map over a copy of <paramref name="values"/> (row-major, length width*height).</summary>
    public SoftMap(int width, int height, ReadOnlySpan<float> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (values.Length != checked(width * height))
        {
            throw new ArgumentException($"Expected {width * height} values for {width}x{height}, got {values.Length}.", nameof(values));
        }

        Width = width;
        Height = height;
        _values = values.ToArray();
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The values, row-major (index y*Width+x), writable.</summary>
    public Span<float> Values => _values;

    public float this[int x, int y] => _values[y * Width + x];

    /// <summary>Foreground where the value is strictly above <paramref name="threshold"/>.</summary>
    public BinaryMask Threshold(float threshold = 0.5f)
    {
        var mask = new BinaryMask(Width, Height);
        var pixels = mask.Pixels;
        for (var i = 0; i < _values.Length; i++)
        {
            pixels[i] = _values[i] > threshold;
        }

        return mask;
    }
}
