using SdSeg.Model.Configuration;
using SdSeg.Model.Networks.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>
/// The autoencoder's decoder (<c>model.Decoder</c>, no tanh): <c>conv_in</c>, <c>mid</c>, <c>up</c> levels run from the
/// deepest (<c>up.{n-1}</c>) to <c>up.0</c>, <c>norm_out</c>, SiLU, <c>conv_out</c>.
/// </summary>
public sealed class Decoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly SafeConv2d conv_in;
    readonly MidBlock mid;
    readonly ModuleList<DecoderLevel> up;
    readonly nn.Module<Tensor, Tensor> norm_out;
    readonly SafeConv2d conv_out;
#pragma warning restore IDE1006

    public Decoder(DdConfig config) : base(nameof(Decoder))
    {
        DdConfigRules.Validate(config);
        Config = config;
        int levelsCount = config.ChMult.Count;
        int blockIn = config.Ch * config.ChMult[levelsCount - 1];
        int currentResolution = config.Resolution >> (levelsCount - 1);

        conv_in = new SafeConv2d(config.ZChannels, blockIn, 3, padding: 1);
        mid = new MidBlock(blockIn, config.Dropout);

        // Built deepest first, as the official loop does, and stored by level index (the official up.insert(0, ...)).
        var levels = new DecoderLevel[levelsCount];
        for (int level = levelsCount - 1; level >= 0; level--)
        {
            int blockOut = config.Ch * config.ChMult[level];
            var blocks = new List<ResnetBlock>();
            var attentions = new List<AttnBlock>();
            for (int i = 0; i <= config.NumResBlocks; i++)
            {
                blocks.Add(new ResnetBlock(blockIn, blockOut, config.Dropout));
                blockIn = blockOut;
                if (config.AttnResolutions.Contains(currentResolution))
                    attentions.Add(new AttnBlock(blockIn));
            }
            Upsample? upsample = null;
            if (level != 0)
            {
                upsample = new Upsample(blockIn, withConv: true);
                currentResolution *= 2;
            }
            levels[level] = new DecoderLevel(blocks, attentions, upsample);
        }
        up = nn.ModuleList(levels);
        norm_out = AutoencoderNorm.Create(blockIn);
        conv_out = new SafeConv2d(blockIn, config.OutCh, 3, padding: 1);
        RegisterComponents();
    }

    public DdConfig Config { get; }

    public override Tensor forward(Tensor z)
    {
        if (z.dim() != 4 || z.shape[1] != Config.ZChannels)
            throw new ArgumentException($"The decoder expects [B, {Config.ZChannels}, h, w]; got [{string.Join(", ", z.shape)}].", nameof(z));

        using var scope = NewDisposeScope();
        var h = mid.call(conv_in.call(z));
        // Each level's input is freed once consumed: at 256 px these activations are the bulk of the memory.
        for (int level = up.Count - 1; level >= 0; level--)
            h = InPlace.Advance(h, up[level].call(h), z);
        return conv_out.call(InPlace.SiLU(norm_out.call(h))).MoveToOuterDisposeScope();
    }
}
