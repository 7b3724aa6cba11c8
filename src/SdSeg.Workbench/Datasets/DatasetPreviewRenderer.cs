using Microsoft.Extensions.Options;
using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Datasets;

/// <summary>Renders the browsing previews of a sample: its thumbnail and its mask as a transparent coloured layer.</summary>
public sealed class DatasetPreviewRenderer(IOptions<DatasetUploadOptions> options)
{
    /// <summary>The colour the mask layer is painted in (the overlay renderer's default green).</summary>
    public static readonly Rgb24 MaskColour = new MaskOverlayOptions().Colour;

    private readonly ImageDecoder _decoder = new();
    private readonly int _thumbnailSize = options.Value.ThumbnailSize;

    /// <summary>Writes a PNG thumbnail of the image at <paramref name="imagePath"/> to <paramref name="destination"/>.</summary>
    public void WriteThumbnail(string imagePath, Stream destination)
    {
        using var decoded = _decoder.Decode(imagePath);
        using var thumbnail = ThumbnailRenderer.Create(decoded.Image, _thumbnailSize, _thumbnailSize);
        thumbnail.SaveAsPng(destination);
    }

    /// <summary>Writes the mask at <paramref name="maskPath"/> as an RGBA PNG: <see cref="MaskColour"/> where painted, transparent elsewhere,
    /// so the browser can lay it over the image and change its opacity without a round trip.</summary>
    public void WriteMaskLayer(string maskPath, MaskLayerMode mode, Stream destination)
    {
        using var decoded = _decoder.Decode(maskPath);
        var mask = MaskBinarizer.Binarize(decoded).Mask;
        // A one-pixel outline vanishes when a large image is shown scaled down; scale its width with the image.
        var painted = mode == MaskLayerMode.Outline
            ? MaskOverlayRenderer.Outline(mask, Math.Max(1, Math.Min(mask.Width, mask.Height) / 128))
            : mask;
        var source = painted.Pixels;
        var colour = new Rgba32(MaskColour.R, MaskColour.G, MaskColour.B, byte.MaxValue);
        var pixels = new Rgba32[source.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = source[i] ? colour : default;
        }

        using var layer = Image.LoadPixelData<Rgba32>(pixels, mask.Width, mask.Height);
        layer.SaveAsPng(destination);
    }
}
