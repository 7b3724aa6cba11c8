namespace SdSeg.Model.Baseline;

/// <summary>What a model file holds: an SDSeg model or the baseline U-Net.</summary>
public enum SegmentationModelKind
{
    /// <summary>An SDSeg model (load with <c>SdSegModelFile.Load</c>).</summary>
    SdSeg,

    /// <summary>The baseline 2D U-Net (load with <c>UNet2dModelFile.Load</c>).</summary>
    UNet2dBaseline,
}
