namespace SdSeg.Catalog.Datasets;

/// <summary>What the importer noticed or changed about a sample.</summary>
[Flags]
public enum SampleFlags
{
    None = 0,
    /// <summary>The mask had values other than 0 and 255 and was thresholded.</summary>
    MaskBinarised = 1,
    /// <summary>The mask has no foreground pixel.</summary>
    EmptyMask = 2,
    /// <summary>The image was converted to RGB (grayscale, palette or alpha input).</summary>
    ConvertedToRgb = 4,
    /// <summary>Image and mask sizes differed and the mask was resized to the image.</summary>
    MaskResized = 8,
    /// <summary>Left out of splits by the user.</summary>
    Excluded = 16,
}
