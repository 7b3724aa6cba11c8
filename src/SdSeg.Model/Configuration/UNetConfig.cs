namespace SdSeg.Model.Configuration;

/// <summary>The official <c>unet_config.params</c> of <c>openaimodel.UNetModel</c>; defaults are the SDSeg configs' values.</summary>
public sealed record UNetConfig
{
    public int ImageSize { get; init; } = 32;
    public int InChannels { get; init; } = 8;
    public int OutChannels { get; init; } = 4;
    public int ModelChannels { get; init; } = 192;
    public IReadOnlyList<int> AttentionResolutions { get; init; } = [1, 2, 4, 8];
    public int NumResBlocks { get; init; } = 2;
    public IReadOnlyList<int> ChannelMult { get; init; } = [1, 2, 2, 4, 4];
    public int NumHeads { get; init; } = 8;
    /// <summary>-1 means "use <see cref="NumHeads"/>"; otherwise the head count is channels / this.</summary>
    public int NumHeadChannels { get; init; } = -1;
    /// <summary>-1 means "same as <see cref="NumHeads"/>".</summary>
    public int NumHeadsUpsample { get; init; } = -1;
    public bool UseScaleShiftNorm { get; init; } = true;
    public bool ResblockUpdown { get; init; } = true;
    public double Dropout { get; init; } = 0.2;
    public bool ConvResample { get; init; } = true;
    public int Dims { get; init; } = 2;
    /// <summary>Multi-class models add <c>label_emb</c>; binary SDSeg has none.</summary>
    public int? NumClasses { get; init; }
    public bool Legacy { get; init; } = true;
}
