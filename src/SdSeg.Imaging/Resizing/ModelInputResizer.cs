using SdSeg.Imaging.Decoding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace SdSeg.Imaging.Resizing;

/// <summary>Resizes images to the model size (stretching, as the official loaders do) and scales them to [-1, 1] CHW floats.</summary>
public static class ModelInputResizer
{
    /// <summary>Converts to RGB, resizes to width x height unless already that size, and maps v to v/255*2-1.</summary>
    public static ModelInput ToModelInput(DecodedImage image, int width, int height, ImageResampling resampling = ImageResampling.Bicubic)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var rgb = image.ToRgb24();
        return ToModelInput(rgb, width, height, resampling);
    }

    /// <summary>As above for an RGB image, which is left unchanged.</summary>
    public static ModelInput ToModelInput(Image<Rgb24> image, int width, int height, ImageResampling resampling = ImageResampling.Bicubic)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var resample = image.Width != width || image.Height != height;
        using var resized = resample ? image.Clone(x => x.Resize(new ResizeOptions
        {
            Size = new Size(width, height),
            Mode = ResizeMode.Stretch,
            Sampler = Sampler(resampling),
        })) : null;
        var source = resized ?? image;
        var pixels = new Rgb24[width * height];
        source.CopyPixelDataTo(pixels);
        var plane = width * height;
        var chw = new float[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            chw[i] = (pixels[i].R / 127.5f) - 1f;
            chw[plane + i] = (pixels[i].G / 127.5f) - 1f;
            chw[(2 * plane) + i] = (pixels[i].B / 127.5f) - 1f;
        }

        return new ModelInput(chw, width, height, resample);
    }

    private static IResampler Sampler(ImageResampling resampling) => resampling switch
    {
        ImageResampling.Bicubic => KnownResamplers.Bicubic,
        ImageResampling.Bilinear => KnownResamplers.Triangle,
        _ => throw new ArgumentOutOfRangeException(nameof(resampling), resampling, "Unknown resampling."),
    };
}
