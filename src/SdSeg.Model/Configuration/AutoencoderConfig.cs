namespace SdSeg.Model.Configuration;

/// <summary>The official <c>first_stage_config.params</c> (AutoencoderKL) or <c>cond_stage_config.params</c> (AEEncoderEmbedder).</summary>
public sealed record AutoencoderConfig
{
    public int EmbedDim { get; init; } = 4;
    public DdConfig DdConfig { get; init; } = new();
}
