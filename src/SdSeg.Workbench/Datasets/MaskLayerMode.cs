namespace SdSeg.Workbench.Datasets;

/// <summary>How a mask is drawn over its image: the whole foreground, or only its boundary.</summary>
public enum MaskLayerMode
{
    Fill,
    Outline,
}
