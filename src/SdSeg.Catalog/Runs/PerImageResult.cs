namespace SdSeg.Catalog.Runs;

/// <summary>Segmentation metrics of one predicted mask against its ground truth, from a run's metrics.csv.</summary>
public class PerImageResult
{
    public int Id { get; set; }

    public int RunId { get; set; }

    public Run? Run { get; set; }

    /// <summary>Stem of the sample the prediction belongs to.</summary>
    public required string SampleStem { get; set; }

    public double Dice { get; set; }

    public double Iou { get; set; }

    /// <summary>95th percentile Hausdorff distance in pixels; null when prediction or ground truth is empty.</summary>
    public double? Hd95 { get; set; }

    public double Precision { get; set; }

    public double Recall { get; set; }
}
