namespace SdSeg.Catalog.Datasets;

/// <summary>One image and its ground-truth mask inside a dataset.</summary>
public class Sample
{
    public int Id { get; set; }

    public int DatasetId { get; set; }

    public Dataset? Dataset { get; set; }

    /// <summary>File name without extension, unique within the dataset; pairs image, mask and predictions.</summary>
    public required string Stem { get; set; }

    /// <summary>Image file path relative to the blob store root.</summary>
    public required string ImagePath { get; set; }

    /// <summary>Mask file path relative to the blob store root; null for images imported without a mask.</summary>
    public string? MaskPath { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>Fraction of mask pixels that are foreground (0..1); null without a mask.</summary>
    public double? ForegroundFraction { get; set; }

    public SampleFlags Flags { get; set; }
}
