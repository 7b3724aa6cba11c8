namespace SdSeg.Model.Baseline;

/// <summary>
/// The conventional baseline: a plain 2D U-Net (two 3x3 convolutions + norm + ReLU per level, max-pool down, up-sampling
/// and skip concatenation up, a 1x1 convolution to one logit) trained with BCE + soft Dice under Adam.
/// </summary>
public sealed record UNet2dConfig
{
    /// <summary>The norms a level may use.</summary>
    public static IReadOnlyList<string> Norms { get; } = ["batch", "group"];

    /// <summary>The ways a decoder level may up-sample.</summary>
    public static IReadOnlyList<string> Upsamplings { get; } = ["transposed", "nearest"];

    /// <summary>The side of the square input in pixels (the pipeline resizes images and masks to it).</summary>
    public int ImageSize { get; init; } = 128;

    /// <summary>Image channels (RGB).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Channels of the first level; each further level doubles them, the bottleneck has base·2^levels.</summary>
    public int BaseChannels { get; init; } = 16;

    /// <summary>Encoder levels (each followed by a 2x2 max-pool); the image size must be divisible by 2^levels.</summary>
    public int Levels { get; init; } = 4;

    /// <summary><c>batch</c> (BatchNorm2d) or <c>group</c> (GroupNorm with <see cref="NormGroups"/> groups).</summary>
    public string Norm { get; init; } = "batch";

    /// <summary>Groups of the GroupNorm (used when <see cref="Norm"/> is <c>group</c>); must divide every level's channels.</summary>
    public int NormGroups { get; init; } = 8;

    /// <summary>
    /// <c>transposed</c>: a 2x2 stride-2 transposed convolution; <c>nearest</c>: nearest-neighbour x2 then a 3x3
    /// convolution (about 60% more compute, avoids transposed convolutions on CPUs whose oneDNN gets them wrong).
    /// </summary>
    public string Upsample { get; init; } = "transposed";

    /// <summary>Adam's learning rate (constant).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The batch size the preset was tuned with (the pipeline's batch size decides).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Channels of encoder level <paramref name="level"/> (0-based); <see cref="Levels"/> gives the bottleneck.</summary>
    public int ChannelsAt(int level) => BaseChannels << level;

    /// <summary>A 32 px, two-level, 8-channel U-Net for tests (GroupNorm, so a batch of one behaves as in training).</summary>
    public static UNet2dConfig Tiny { get; } = new()
    {
        ImageSize = 32,
        BaseChannels = 8,
        Levels = 2,
        Norm = "group",
        NormGroups = 4,
        Upsample = "nearest",
        LearningRate = 3e-3,
        BatchSize = 4,
    };
}
