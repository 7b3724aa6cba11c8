namespace SdSeg.Imaging.Resizing;

/// <summary>The interpolation used to bring an image to the model size.</summary>
public enum ImageResampling
{
    /// <summary>Bicubic (a = -0.5, kernel widened when shrinking): what the official Kvasir-SEG loader uses (PIL BICUBIC).</summary>
    Bicubic,

    /// <summary>Bilinear (triangle, widened when shrinking): what the official CVC-ClinicDB and REFUGE2 loaders use (PIL BILINEAR).</summary>
    Bilinear,
}
