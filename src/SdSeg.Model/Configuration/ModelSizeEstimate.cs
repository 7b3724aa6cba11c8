namespace SdSeg.Model.Configuration;

/// <summary>
/// The parameter counts an <see cref="SdSegConfig"/> builds, computed from the configuration alone (no tensors are made), and
/// what training holds in memory for them: so a configuration too large for the machine is refused before an engine allocates it.
/// </summary>
/// <param name="UNetParameters">The denoising UNet's parameters (<c>model.diffusion_model.*</c>).</param>
/// <param name="FirstStageParameters">The mask autoencoder's parameters (<c>first_stage_model.*</c>).</param>
/// <param name="CondStageParameters">The condition encoder's parameters (<c>cond_stage_model.*</c>).</param>
public sealed record ModelSizeEstimate(long UNetParameters, long FirstStageParameters, long CondStageParameters)
{
    /// <summary>All parameters of the model (the EMA copy of the UNet not counted).</summary>
    public long TotalParameters => UNetParameters + FirstStageParameters + CondStageParameters;

    /// <summary>
    /// Bytes training keeps for the parameters in float32: weights, gradients and two AdamW moments of the trainable UNet and
    /// condition encoder, the EMA copy of the UNet, and the frozen autoencoder's weights. Activations come on top.
    /// </summary>
    public long TrainingBytes => 4 * (4 * (UNetParameters + CondStageParameters) + UNetParameters + FirstStageParameters);

    /// <summary>Counts the parameters of the networks <paramref name="config"/> describes, as the TorchSharp modules build them.</summary>
    public static ModelSizeEstimate Of(SdSegConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ModelSizeEstimate(
            UNet(config.UNet),
            Encoder(config.FirstStage.DdConfig) + Decoder(config.FirstStage.DdConfig)
                + Conv(2 * config.FirstStage.DdConfig.ZChannels, 2 * config.FirstStage.EmbedDim, 1)
                + Conv(config.FirstStage.EmbedDim, config.FirstStage.DdConfig.ZChannels, 1),
            Encoder(config.CondStage.DdConfig) + Conv(EncoderOutChannels(config.CondStage.DdConfig), config.CondStage.EmbedDim, 1));
    }

    static long Conv(long inChannels, long outChannels, int kernel) => inChannels * outChannels * kernel * kernel + outChannels;

    static long Norm(long channels) => 2 * channels;

    // openaimodel.UNetModel: the same walk over levels as its constructor (see Networks/UNet/UNetModel.cs).
    static long UNet(UNetConfig c)
    {
        long mc = c.ModelChannels, emb = 4 * mc;
        long ResBlock(long channels, long outChannels)
        {
            long embOut = c.UseScaleShiftNorm ? 2 * outChannels : outChannels;
            return Norm(channels) + Conv(channels, outChannels, 3) + emb * embOut + embOut + Norm(outChannels) + Conv(outChannels, outChannels, 3)
                + (channels == outChannels ? 0 : Conv(channels, outChannels, 1));
        }
        long Attention(long channels) => Norm(channels) + Conv(channels, 3 * channels, 1) + Conv(channels, channels, 1);
        long Resample(long channels) => c.ResblockUpdown ? ResBlock(channels, channels) : c.ConvResample ? Conv(channels, channels, 3) : 0;

        long total = mc * emb + emb + emb * emb + emb + (c.NumClasses is int classes ? classes * emb : 0) + Conv(c.InChannels, mc, 3);
        var skips = new Stack<long>([mc]);
        long ch = mc;
        int ds = 1;
        for (int level = 0; level < c.ChannelMult.Count; level++)
        {
            for (int i = 0; i < c.NumResBlocks; i++)
            {
                total += ResBlock(ch, c.ChannelMult[level] * mc);
                ch = c.ChannelMult[level] * mc;
                if (c.AttentionResolutions.Contains(ds))
                    total += Attention(ch);
                skips.Push(ch);
            }
            if (level != c.ChannelMult.Count - 1)
            {
                total += Resample(ch);
                skips.Push(ch);
                ds *= 2;
            }
        }
        total += 2 * ResBlock(ch, ch) + Attention(ch);
        for (int level = c.ChannelMult.Count - 1; level >= 0; level--)
        {
            for (int i = 0; i <= c.NumResBlocks; i++)
            {
                total += ResBlock(ch + skips.Pop(), mc * c.ChannelMult[level]);
                ch = mc * c.ChannelMult[level];
                if (c.AttentionResolutions.Contains(ds))
                    total += Attention(ch);
                if (level > 0 && i == c.NumResBlocks)
                {
                    total += Resample(ch);
                    ds /= 2;
                }
            }
        }
        return total + Norm(ch) + Conv(mc, c.OutChannels, 3);
    }

    // ldm's autoencoder blocks (Networks/Autoencoder): ResnetBlock without a time embedding, AttnBlock with q, k, v and proj_out.
    static long ResnetBlock(long channels, long outChannels) =>
        Norm(channels) + Conv(channels, outChannels, 3) + Norm(outChannels) + Conv(outChannels, outChannels, 3)
        + (channels == outChannels ? 0 : Conv(channels, outChannels, 1));

    static long AttnBlock(long channels) => Norm(channels) + 4 * Conv(channels, channels, 1);

    static long MidBlock(long channels) => 2 * ResnetBlock(channels, channels) + AttnBlock(channels);

    static long EncoderOutChannels(DdConfig d) => d.DoubleZ ? 2L * d.ZChannels : d.ZChannels;

    static long Encoder(DdConfig d)
    {
        long total = Conv(d.InChannels, d.Ch, 3), blockIn = d.Ch;
        int resolution = d.Resolution;
        for (int level = 0; level < d.ChMult.Count; level++)
        {
            blockIn = (long)d.Ch * (level == 0 ? 1 : d.ChMult[level - 1]);
            long blockOut = (long)d.Ch * d.ChMult[level];
            for (int i = 0; i < d.NumResBlocks; i++)
            {
                total += ResnetBlock(blockIn, blockOut);
                blockIn = blockOut;
                if (d.AttnResolutions.Contains(resolution))
                    total += AttnBlock(blockIn);
            }
            if (level != d.ChMult.Count - 1)
            {
                total += Conv(blockIn, blockIn, 3);
                resolution /= 2;
            }
        }
        return total + MidBlock(blockIn) + Norm(blockIn) + Conv(blockIn, EncoderOutChannels(d), 3);
    }

    static long Decoder(DdConfig d)
    {
        long blockIn = (long)d.Ch * d.ChMult[^1];
        int resolution = d.Resolution >> (d.ChMult.Count - 1);
        long total = Conv(d.ZChannels, blockIn, 3) + MidBlock(blockIn);
        for (int level = d.ChMult.Count - 1; level >= 0; level--)
        {
            long blockOut = (long)d.Ch * d.ChMult[level];
            for (int i = 0; i <= d.NumResBlocks; i++)
            {
                total += ResnetBlock(blockIn, blockOut);
                blockIn = blockOut;
                if (d.AttnResolutions.Contains(resolution))
                    total += AttnBlock(blockIn);
            }
            if (level != 0)
            {
                total += Conv(blockIn, blockIn, 3);
                resolution *= 2;
            }
        }
        return total + Norm(blockIn) + Conv(blockIn, d.OutCh, 3);
    }
}
