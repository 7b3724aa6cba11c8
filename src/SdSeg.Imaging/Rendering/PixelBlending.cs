using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Rendering;

/// <summary>Small colour arithmetic shared by the renderers.</summary>
internal static class PixelBlending
{
    public static Rgb24 Blend(Rgb24 under, Rgb24 over, float opacity) => new(
        Mix(under.R, over.R, opacity),
        Mix(under.G, over.G, opacity),
        Mix(under.B, over.B, opacity));

    public static Rgb24 Dim(Rgb24 pixel, float brightness) => new(
        (byte)MathF.Round(pixel.R * brightness),
        (byte)MathF.Round(pixel.G * brightness),
        (byte)MathF.Round(pixel.B * brightness));

    public static void EnsureUnitInterval(float value, string name)
    {
        if (!(value >= 0f && value <= 1f))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be between 0 and 1.");
        }
    }

    public static void EnsureSize(int width, int height, int otherWidth, int otherHeight, string name)
    {
        if (width != otherWidth || height != otherHeight)
        {
            throw new ArgumentException($"Size {otherWidth}x{otherHeight} does not match the image's {width}x{height}.", name);
        }
    }

    private static byte Mix(byte a, byte b, float t) => (byte)MathF.Round((a * (1 - t)) + (b * t));
}
