namespace SdSeg.Imaging.Rendering;

/// <summary>How a mask is drawn over an image.</summary>
public enum OverlayMode
{
    /// <summary>Every foreground pixel is tinted.</summary>
    Fill,

    /// <summary>Only the mask's boundary (of <see cref="MaskOverlayOptions.OutlineWidth"/> pixels) is tinted.</summary>
    Outline,
}
