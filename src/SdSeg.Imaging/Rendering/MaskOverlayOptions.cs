using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Rendering;

/// <summary>Colour, opacity and mode of a mask overlay.</summary>
public sealed record MaskOverlayOptions
{
    /// <summary>The tint; default a saturated green.</summary>
    public Rgb24 Colour { get; init; } = new(0, 220, 0);

    /// <summary>0 leaves the image unchanged, 1 paints the colour opaquely.</summary>
    public float Opacity { get; init; } = 0.5f;

    public OverlayMode Mode { get; init; } = OverlayMode.Fill;

    /// <summary>Outline thickness in pixels, inside the mask (1 = the boundary pixels only).</summary>
    public int OutlineWidth { get; init; } = 1;
}
