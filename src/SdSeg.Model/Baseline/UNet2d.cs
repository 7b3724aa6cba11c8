using SdSeg.Model.Networks.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Baseline;

/// <summary>
/// The baseline 2D U-Net: images [B, C, P, P] (C = in_channels, P = image_size) to one logit per pixel [B, 1, P, P].
/// State-dict keys: <c>down.{i}.*</c> (encoder conv blocks), <c>bottleneck.*</c>, <c>up.{i}.up.*</c> and
/// <c>up.{i}.block.*</c> (decoder, deepest first), <c>out.*</c> (the 1x1 logit convolution).
/// </summary>
public sealed class UNet2d : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the state-dict names.
    readonly ModuleList<UNet2dConvBlock> down;
    readonly UNet2dConvBlock bottleneck;
    readonly ModuleList<UNet2dUpLevel> up;
    readonly SafeConv2d @out;
#pragma warning restore IDE1006

    /// <summary>Builds the network of <paramref name="config"/> with PyTorch's default initialisation from the global generator.</summary>
    public UNet2d(UNet2dConfig config) : base(nameof(UNet2d))
    {
        ArgumentNullException.ThrowIfNull(config);
        UNet2dConfigYaml.Validate(config, "UNet2d config");
        Config = config;
        down = new ModuleList<UNet2dConvBlock>();
        long channels = config.InChannels;
        for (int level = 0; level < config.Levels; level++)
        {
            down.Add(new UNet2dConvBlock(config, channels, config.ChannelsAt(level)));
            channels = config.ChannelsAt(level);
        }
        bottleneck = new UNet2dConvBlock(config, channels, config.ChannelsAt(config.Levels));
        up = new ModuleList<UNet2dUpLevel>();
        for (int level = config.Levels - 1; level >= 0; level--)
            up.Add(new UNet2dUpLevel(config, config.ChannelsAt(level + 1), config.ChannelsAt(level)));
        @out = new SafeConv2d(config.ChannelsAt(0), 1, 1);
        RegisterComponents();
    }

    public UNet2dConfig Config { get; }

    /// <summary>The side of the square input in pixels.</summary>
    public int PixelSize => Config.ImageSize;

    /// <summary>Builds the network with weights drawn after <c>manual_seed(<paramref name="seed"/>)</c>, so a run's start is reproducible.</summary>
    public static UNet2d Create(UNet2dConfig config, long seed)
    {
        random.manual_seed(seed);
        return new UNet2d(config);
    }

    /// <summary>The number of trainable parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.NumberOfElements);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var skips = new List<Tensor>();
        var x = input;
        foreach (var block in down)
        {
            x = block.call(x);
            skips.Add(x);
            x = nn.functional.max_pool2d(x, 2);
        }
        x = bottleneck.call(x);
        for (int i = 0; i < up.Count; i++)
            x = up[i].call(x, skips[skips.Count - 1 - i]);
        return @out.call(x).MoveToOuterDisposeScope();
    }
}
