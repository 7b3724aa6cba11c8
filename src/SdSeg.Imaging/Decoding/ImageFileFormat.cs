namespace SdSeg.Imaging.Decoding;

/// <summary>The image file formats SdSeg.Imaging accepts; every other format is refused before decoding.</summary>
public enum ImageFileFormat
{
    Png,
    Jpeg,
    Bmp,
    Tiff,
}
