using SdSeg.Model.Configuration;
using SdSeg.Model.Networks.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.UNet;

/// <summary>
/// The official denoising UNet (<c>openaimodel.UNetModel</c>, no spatial transformer): <c>time_embed</c>,
/// optional <c>label_emb</c>, <c>input_blocks</c>, <c>middle_block</c>, <c>output_blocks</c>, <c>out</c>.
/// </summary>
public sealed class UNetModel : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly nn.Module<Tensor, Tensor> time_embed;
    readonly Embedding? label_emb;
    readonly ModuleList<TimestepEmbedSequential> input_blocks;
    readonly TimestepEmbedSequential middle_block;
    readonly ModuleList<TimestepEmbedSequential> output_blocks;
    readonly nn.Module<Tensor, Tensor> @out;
#pragma warning restore IDE1006

    public UNetModel(UNetConfig config) : base(nameof(UNetModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        Validate(config);
        Config = config;
        int mc = config.ModelChannels;
        int numHeads = config.NumHeads;
        int numHeadChannels = config.NumHeadChannels;
        int numHeadsUpsample = config.NumHeadsUpsample == -1 ? numHeads : config.NumHeadsUpsample;
        int timeEmbedDim = mc * 4;

        time_embed = nn.Sequential(nn.Linear(mc, timeEmbedDim), nn.SiLU(), nn.Linear(timeEmbedDim, timeEmbedDim));
        if (config.NumClasses is int classes)
            label_emb = nn.Embedding(classes, timeEmbedDim);

        ResBlock Res(int channels, int? outChannels = null, bool up = false, bool down = false) =>
            new(channels, timeEmbedDim, config.Dropout, outChannels, useConv: false, config.UseScaleShiftNorm, up, down);

        // The official constructor's head arithmetic, including its legacy quirk: with legacy (and no spatial
        // transformer) the block is given num_head_channels itself, so -1 means "use the head count passed".
        AttentionBlock Attn(int channels, int headsArg)
        {
            int dimHead;
            if (numHeadChannels == -1)
            {
                dimHead = channels / numHeads;
            }
            else
            {
                numHeads = channels / numHeadChannels;
                dimHead = numHeadChannels;
            }
            if (config.Legacy)
                dimHead = numHeadChannels;
            return new AttentionBlock(channels, headsArg == -2 ? numHeads : headsArg, dimHead);
        }

        var inputs = new List<TimestepEmbedSequential> { new(new SafeConv2d(config.InChannels, mc, 3, padding: 1)) };
        var inputBlockChannels = new Stack<int>();
        inputBlockChannels.Push(mc);
        int ch = mc, ds = 1;
        for (int level = 0; level < config.ChannelMult.Count; level++)
        {
            int mult = config.ChannelMult[level];
            for (int i = 0; i < config.NumResBlocks; i++)
            {
                var layers = new List<nn.Module> { Res(ch, mult * mc) };
                ch = mult * mc;
                if (config.AttentionResolutions.Contains(ds))
                    layers.Add(Attn(ch, -2));
                inputs.Add(new TimestepEmbedSequential([.. layers]));
                inputBlockChannels.Push(ch);
            }
            if (level != config.ChannelMult.Count - 1)
            {
                inputs.Add(new TimestepEmbedSequential(
                    config.ResblockUpdown ? Res(ch, ch, down: true) : new Downsample(ch, config.ConvResample, ch)));
                inputBlockChannels.Push(ch);
                ds *= 2;
            }
        }
        input_blocks = nn.ModuleList([.. inputs]);

        middle_block = new TimestepEmbedSequential(Res(ch), Attn(ch, -2), Res(ch));

        var outputs = new List<TimestepEmbedSequential>();
        for (int level = config.ChannelMult.Count - 1; level >= 0; level--)
        {
            int mult = config.ChannelMult[level];
            for (int i = 0; i <= config.NumResBlocks; i++)
            {
                int skipChannels = inputBlockChannels.Pop();
                var layers = new List<nn.Module> { Res(ch + skipChannels, mc * mult) };
                ch = mc * mult;
                if (config.AttentionResolutions.Contains(ds))
                    layers.Add(Attn(ch, numHeadsUpsample));
                if (level > 0 && i == config.NumResBlocks)
                {
                    layers.Add(config.ResblockUpdown ? Res(ch, ch, up: true) : new Upsample(ch, config.ConvResample, ch));
                    ds /= 2;
                }
                outputs.Add(new TimestepEmbedSequential([.. layers]));
            }
        }
        output_blocks = nn.ModuleList([.. outputs]);

        @out = nn.Sequential(
            GroupNorm32.Create(ch, 1e-5),
            nn.SiLU(),
            ZeroInit.Apply(new SafeConv2d(mc, config.OutChannels, 3, padding: 1)));

        RegisterComponents();
    }

    public UNetConfig Config { get; }

    /// <summary>Predicts the noise for x [B, in_channels, H, W] at integer timesteps [B] (unconditional on class).</summary>
    public override Tensor forward(Tensor x, Tensor timesteps) => forward(x, timesteps, null);

    /// <summary>The official forward; <paramref name="classLabels"/> [B] is required if and only if num_classes is set.</summary>
    public Tensor forward(Tensor x, Tensor timesteps, Tensor? classLabels)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(timesteps);
        if (x.dim() != 4 || x.shape[1] != Config.InChannels)
            throw new ArgumentException($"The UNet expects [B, {Config.InChannels}, H, W]; got [{string.Join(", ", x.shape)}].", nameof(x));
        long downsampling = 1L << (Config.ChannelMult.Count - 1);
        if (x.shape[2] % downsampling != 0 || x.shape[3] % downsampling != 0)
            throw new ArgumentException(
                $"The UNet's spatial size must be a multiple of {downsampling} (its downsampling factor); got {x.shape[2]}x{x.shape[3]}.", nameof(x));
        if (timesteps.dim() != 1 || timesteps.shape[0] != x.shape[0])
            throw new ArgumentException($"Timesteps must have shape [{x.shape[0]}]; got [{string.Join(", ", timesteps.shape)}].", nameof(timesteps));
        if ((classLabels is null) != (label_emb is null))
            throw new ArgumentException(label_emb is null
                ? "This UNet is not class-conditional (num_classes is not set): pass no class labels."
                : "This UNet is class-conditional (num_classes is set): class labels are required.", nameof(classLabels));

        using var scope = NewDisposeScope();
        var emb = time_embed.call(TimestepEmbedding.Sinusoidal(timesteps, Config.ModelChannels));
        if (label_emb is not null)
        {
            if (classLabels!.dim() != 1 || classLabels.shape[0] != x.shape[0])
                throw new ArgumentException($"Class labels must have shape [{x.shape[0]}]; got [{string.Join(", ", classLabels.shape)}].", nameof(classLabels));
            emb = emb + label_emb.call(classLabels);
        }

        var skips = new Stack<Tensor>();
        var h = x;
        foreach (var block in input_blocks)
        {
            h = block.call(h, emb);
            skips.Push(h);
        }
        h = middle_block.call(h, emb);
        foreach (var block in output_blocks)
            h = block.call(cat([h, skips.Pop()], 1), emb);
        return @out.call(h).MoveToOuterDisposeScope();
    }

    static void Validate(UNetConfig config)
    {
        if (config.Dims != 2)
            throw new NotSupportedException($"Only 2-D UNets are supported (dims 2); the configuration asks for dims {config.Dims}.");
        if (config.ModelChannels <= 0 || config.ModelChannels % 32 != 0)
            throw new ArgumentException($"model_channels must be a positive multiple of 32 (GroupNorm with 32 groups); got {config.ModelChannels}.");
        if (config.ChannelMult.Count == 0 || config.ChannelMult.Any(m => m <= 0))
            throw new ArgumentException($"channel_mult must be a non-empty list of positive integers; got [{string.Join(", ", config.ChannelMult)}].");
        if (config.NumResBlocks < 1)
            throw new ArgumentException($"num_res_blocks must be at least 1; got {config.NumResBlocks}.");
        if (config.InChannels < 1 || config.OutChannels < 1)
            throw new ArgumentException($"in_channels and out_channels must be positive; got {config.InChannels} and {config.OutChannels}.");
        if (config.NumHeads == -1 && config.NumHeadChannels == -1)
            throw new ArgumentException("Either num_heads or num_head_channels has to be set.");
        if (config.NumClasses is <= 0)
            throw new ArgumentException($"num_classes must be positive when set; got {config.NumClasses}.");
    }
}
