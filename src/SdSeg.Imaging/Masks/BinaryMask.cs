namespace SdSeg.Imaging.Masks;

/// <summary>A two-valued segmentation mask, row-major, true = foreground.</summary>
public sealed class BinaryMask
{
    private readonly bool[] _pixels;

    /// <summary>An all-background mask.</summary>
    public BinaryMask(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        _pixels = new bool[checked(width * height)];
    }

    /// <summary>A mask over a copy of <paramref name="pixels"/> (row-major, length width*height).</summary>
    public BinaryMask(int width, int height, ReadOnlySpan<bool> pixels)
        : this(width, height)
    {
        if (pixels.Length != _pixels.Length)
        {
            throw new ArgumentException($"Expected {_pixels.Length} pixels for {width}x{height}, got {pixels.Length}.", nameof(pixels));
        }

        pixels.CopyTo(_pixels);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixels, row-major (index y*Width+x), writable.</summary>
    public Span<bool> Pixels => _pixels;

    public bool this[int x, int y]
    {
        get => _pixels[Index(x, y)];
        set => _pixels[Index(x, y)] = value;
    }

    /// <summary>Number of foreground pixels.</summary>
    public int CountForeground()
    {
        var count = 0;
        foreach (var p in _pixels)
        {
            if (p)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>True when no pixel is foreground.</summary>
    public bool IsEmpty => Array.IndexOf(_pixels, true) < 0;

    /// <summary>Foreground pixels that touch background through a 4-neighbour, or lie on the image edge.</summary>
    public BinaryMask Boundary()
    {
        var boundary = new BinaryMask(Width, Height);
        var w = Width;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                if (!_pixels[i])
                {
                    continue;
                }

                boundary._pixels[i] = x == 0 || y == 0 || x == w - 1 || y == Height - 1
                    || !_pixels[i - 1] || !_pixels[i + 1] || !_pixels[i - w] || !_pixels[i + w];
            }
        }

        return boundary;
    }

    /// <summary>Throws unless <paramref name="other"/> has the same size.</summary>
    public void EnsureSameSize(BinaryMask other, string otherName)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Width != Width || other.Height != Height)
        {
            throw new ArgumentException($"Mask sizes differ: {Width}x{Height} vs {other.Width}x{other.Height} ({otherName}).", otherName);
        }
    }

    public BinaryMask Clone() => new(Width, Height, _pixels);

    private int Index(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"({x},{y}) is outside {Width}x{Height}.");
        }

        return y * Width + x;
    }
}
