using SdSeg.Model.Configuration;

namespace SdSeg.Model.Tests.Networks;

/// <summary>Small configurations with the official structure, for fast CPU tests.</summary>
internal static class TinyConfigs
{
    /// <summary>model_channels 32, channel_mult [1, 2], attention at downsample rate 2, 2 heads.</summary>
    public static UNetConfig UNet => new()
    {
        ImageSize = 8,
        InChannels = 8,
        OutChannels = 4,
        ModelChannels = 32,
        ChannelMult = [1, 2],
        AttentionResolutions = [2],
        NumResBlocks = 1,
        NumHeads = 2,
        Dropout = 0.2,
    };

    /// <summary>ch 32, ch_mult [1, 2], one res block per level, 64 px, so latents are 32 px.</summary>
    public static DdConfig Dd(double dropout = 0.0) => new()
    {
        Ch = 32,
        ChMult = [1, 2],
        NumResBlocks = 1,
        Resolution = 64,
        Dropout = dropout,
    };

    public static AutoencoderConfig FirstStage => new() { EmbedDim = 4, DdConfig = Dd() };

    public static AutoencoderConfig CondStage => new() { EmbedDim = 4, DdConfig = Dd(0.2) };

    public static SdSegConfig SdSeg => new()
    {
        UNet = UNet,
        FirstStage = FirstStage,
        CondStage = CondStage,
        ImageSize = 32,
        Timesteps = 1000,
    };
}
