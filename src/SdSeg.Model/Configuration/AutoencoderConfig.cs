namespace SdSeg.Model.Configuration;

/// <summary>The official <c>first_stage_config.params</c> (AutoencoderKL) or <c>cond_stage_config.params</c> (AEEncoderEmbedder).</summary>
public sealed record AutoencoderConfig
{
    public int EmbedDim { get; init; } = 4;
    public DdConfig DdConfig { get; init; } = new();
    /// <summary>The official <c>ckpt_path</c> the official code loads this network from at construction (recorded, not opened here).</summary>
    public string? CkptPath { get; init; }
    /// <summary>The official <c>monitor</c> (first stage only; unused by SDSeg).</summary>
    public string? Monitor { get; init; }
}
