using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SdSeg.Imaging.Rendering;

/// <summary>Makes thumbnails that fit a bounding box, keep the aspect ratio and are never enlarged.</summary>
public static class ThumbnailRenderer
{
    /// <summary>A new RGB image no larger than <paramref name="maxWidth"/> x <paramref name="maxHeight"/>; the caller disposes it.</summary>
    public static Image<Rgb24> Create(Image source, int maxWidth, int maxHeight)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeight);
        var thumbnail = source.CloneAs<Rgb24>();
        if (thumbnail.Width > maxWidth || thumbnail.Height > maxHeight)
        {
            var scale = Math.Min((double)maxWidth / thumbnail.Width, (double)maxHeight / thumbnail.Height);
            var size = new Size(
                Math.Clamp((int)Math.Round(thumbnail.Width * scale), 1, maxWidth),
                Math.Clamp((int)Math.Round(thumbnail.Height * scale), 1, maxHeight));
            thumbnail.Mutate(x => x.Resize(new ResizeOptions { Size = size, Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Bicubic }));
        }

        return thumbnail;
    }
}
