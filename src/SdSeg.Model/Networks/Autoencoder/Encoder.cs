using SdSeg.Model.Configuration;
using SdSeg.Model.Networks.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>
/// The autoencoder's encoder (<c>model.Encoder</c>): <c>conv_in</c>, <c>down</c> levels, <c>mid</c>, <c>norm_out</c>,
/// SiLU, <c>conv_out</c> to 2*z_channels (double_z) or z_channels.
/// </summary>
public sealed class Encoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly SafeConv2d conv_in;
    readonly ModuleList<EncoderLevel> down;
    readonly MidBlock mid;
    readonly nn.Module<Tensor, Tensor> norm_out;
    readonly SafeConv2d conv_out;
#pragma warning restore IDE1006

    public Encoder(DdConfig config) : base(nameof(Encoder))
    {
        DdConfigRules.Validate(config);
        Config = config;
        conv_in = new SafeConv2d(config.InChannels, config.Ch, 3, padding: 1);

        int currentResolution = config.Resolution;
        int blockIn = config.Ch;
        var levels = new List<EncoderLevel>();
        for (int level = 0; level < config.ChMult.Count; level++)
        {
            blockIn = config.Ch * (level == 0 ? 1 : config.ChMult[level - 1]);
            int blockOut = config.Ch * config.ChMult[level];
            var blocks = new List<ResnetBlock>();
            var attentions = new List<AttnBlock>();
            for (int i = 0; i < config.NumResBlocks; i++)
            {
                blocks.Add(new ResnetBlock(blockIn, blockOut, config.Dropout));
                blockIn = blockOut;
                if (config.AttnResolutions.Contains(currentResolution))
                    attentions.Add(new AttnBlock(blockIn));
            }
            Downsample? downsample = null;
            if (level != config.ChMult.Count - 1)
            {
                downsample = new Downsample(blockIn, withConv: true);
                currentResolution /= 2;
            }
            levels.Add(new EncoderLevel(blocks, attentions, downsample));
        }
        down = nn.ModuleList([.. levels]);
        mid = new MidBlock(blockIn, config.Dropout);
        norm_out = AutoencoderNorm.Create(blockIn);
        conv_out = new SafeConv2d(blockIn, config.DoubleZ ? 2 * config.ZChannels : config.ZChannels, 3, padding: 1);
        RegisterComponents();
    }

    public DdConfig Config { get; }

    /// <summary>Output channels: 2*z_channels with double_z (mean and log-variance), else z_channels.</summary>
    public int OutChannels => Config.DoubleZ ? 2 * Config.ZChannels : Config.ZChannels;

    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != Config.InChannels)
            throw new ArgumentException($"The encoder expects [B, {Config.InChannels}, H, W]; got [{string.Join(", ", x.shape)}].", nameof(x));
        long factor = 1L << (Config.ChMult.Count - 1);
        if (x.shape[2] % factor != 0 || x.shape[3] % factor != 0)
            throw new ArgumentException($"The encoder's input size must be a multiple of {factor}; got {x.shape[2]}x{x.shape[3]}.", nameof(x));

        using var scope = NewDisposeScope();
        var h = conv_in.call(x);
        foreach (var level in down)
            h = InPlace.Advance(h, level.call(h), x);
        h = InPlace.Advance(h, mid.call(h), x);
        return conv_out.call(InPlace.SiLU(norm_out.call(h))).MoveToOuterDisposeScope();
    }
}
