namespace SdSeg.Workbench.Models;

/// <summary>Which network a model's weights belong to, read from its configuration.</summary>
public enum ModelKind
{
    /// <summary>The configuration is missing or not YAML.</summary>
    Unknown,

    /// <summary>Stable Diffusion Segmentation (official-layout configuration).</summary>
    SdSeg,

    /// <summary>The U-Net baseline (a configuration with a <c>baseline</c> key at its root).</summary>
    Baseline,
}
