namespace SdSeg.Model.Configuration;

/// <summary>Checks that the values of an <see cref="SdSegConfig"/> are supported and agree with each other.</summary>
public static class ConfigValidator
{
    /// <summary>
    /// Throws a <see cref="ConfigurationException"/> naming the first offending key below <paramref name="paramsPath"/>
    /// (the dotted path of <c>model.params</c> in the source).
    /// </summary>
    public static void Validate(SdSegConfig c, string paramsPath, string source)
    {
        ConfigurationException Error(string key, string message) => new(source, $"{paramsPath}.{key}", message);
        const string unet = "unet_config.params";
        const string first = "first_stage_config.params";
        const string cond = "cond_stage_config.params";

        CheckRanges(c, Error, unet, first, cond);
        if (c.ConditioningKey != "concat")
            throw Error("conditioning_key", $"'{c.ConditioningKey}' is not supported: binary SDSeg conditions the UNet by concatenating the image latent ('concat'); multi-class 'hybrid'/'class_embed' and cross-attention are not implemented here.");
        if (c.LossType is not ("l1" or "l2"))
            throw Error("loss_type", $"'{c.LossType}' is not supported; the official code accepts l1 or l2.");
        if (c.Parameterization != "eps")
            throw Error("parameterization", $"'{c.Parameterization}' is not supported: SDSeg predicts the noise ('eps'), which its single-step inference relies on.");
        if (c.BetaSchedule != "linear")
            throw Error("beta_schedule", $"'{c.BetaSchedule}' is not supported; SDSeg uses the 'linear' schedule.");
        if (c.Timesteps < 1)
            throw Error("timesteps", $"{c.Timesteps} must be at least 1.");
        if (!(c.LinearStart > 0 && c.LinearEnd > c.LinearStart && c.LinearEnd < 1))
            throw Error("linear_end", $"need 0 < linear_start ({c.LinearStart}) < linear_end ({c.LinearEnd}) < 1.");
        if (c.NumTimestepsCond != 1)
            throw Error("num_timesteps_cond", $"{c.NumTimestepsCond} is not supported: SDSeg uses 1 (no shortened condition schedule).");
        if (c.NumClasses != 2)
            throw Error("num_classes", $"{c.NumClasses} is not supported: this SDSeg is binary (num_classes 2, background and foreground).");
        if (!(c.BaseLearningRate > 0 && c.BaseLearningRate <= 1))
            throw new ConfigurationException(source, "model.base_learning_rate", $"{c.BaseLearningRate} is out of range: use a positive number up to 1 (the official configuration uses 1e-05).");
        if (!(c.InferenceTimestepShare is >= 0 and <= 1))
            throw new ConfigurationException(source, "workbench.inference_timestep_share", $"{c.InferenceTimestepShare} must be between 0 (uniform timesteps, official) and 1 (every sample at T-1).");
        if (!(c.InferenceNoiseShare is >= 0 and <= 1))
            throw new ConfigurationException(source, "workbench.inference_noise_share", $"{c.InferenceNoiseShare} must be between 0 (fresh noise, official) and 1.");
        if (c.LearningRateDecayTo is { } decayTo && !(decayTo is >= 0 and <= 1))
            throw new ConfigurationException(source, "workbench.lr_decay_to", $"{decayTo} must be between 0 and 1 (the fraction of the learning rate left at the end of the budget).");
        if (!(c.PixelLossWeight >= 0) || double.IsInfinity(c.PixelLossWeight))
            throw new ConfigurationException(source, "workbench.pixel_loss_weight", $"{c.PixelLossWeight} must be zero (official) or positive.");
        if (!(c.CondStageLearningRateFactor > 0) || double.IsInfinity(c.CondStageLearningRateFactor))
            throw new ConfigurationException(source, "workbench.cond_stage_lr_factor", $"{c.CondStageLearningRateFactor} must be positive.");

        if (c.UNet.InChannels != 2 * c.Channels)
            throw Error($"{unet}.in_channels", $"{c.UNet.InChannels} contradicts channels {c.Channels}: with conditioning_key 'concat' the UNet takes the noisy latent and the image latent, 2 x channels = {2 * c.Channels}.");
        if (c.UNet.OutChannels != c.Channels)
            throw Error($"{unet}.out_channels", $"{c.UNet.OutChannels} contradicts channels {c.Channels}: the UNet predicts the latent noise.");
        if (c.UNet.ImageSize != c.ImageSize)
            throw Error($"{unet}.image_size", $"{c.UNet.ImageSize} contradicts image_size {c.ImageSize}.");
        if (c.UNet.NumClasses is not null)
            throw Error($"{unet}.num_classes", "must be absent or null: label_emb is for multi-class runs, which are not implemented here.");
        if (c.UNet.Dims != 2)
            throw Error($"{unet}.dims", $"{c.UNet.Dims} is not supported; SDSeg is 2-D.");
        if (c.UNet.ChannelMult.Count == 0 || c.UNet.ChannelMult.Any(m => m < 1))
            throw Error($"{unet}.channel_mult", "must be a non-empty list of positive multipliers.");
        if (c.UNet.NumResBlocks < 1)
            throw Error($"{unet}.num_res_blocks", "must be at least 1.");
        foreach (int mult in c.UNet.ChannelMult)
        {
            long channels = (long)c.UNet.ModelChannels * mult;
            if (channels % 32 != 0)
                throw Error($"{unet}.model_channels", $"{c.UNet.ModelChannels} x channel_mult {mult} = {channels} channels is not a multiple of 32 (the UNet's GroupNorm has 32 groups).");
            if (c.UNet.NumHeadChannels == -1 ? c.UNet.NumHeads < 1 || channels % c.UNet.NumHeads != 0 : c.UNet.NumHeadChannels < 1 || channels % c.UNet.NumHeadChannels != 0)
                throw Error(c.UNet.NumHeadChannels == -1 ? $"{unet}.num_heads" : $"{unet}.num_head_channels",
                    $"must divide every attention width ({channels} channels here); set num_heads (or num_head_channels) to a divisor.");
        }
        if (c.UNet.NumHeadsUpsample != -1 && c.UNet.NumHeadsUpsample < 1)
            throw Error($"{unet}.num_heads_upsample", "must be -1 (same as num_heads) or positive.");

        ValidateAutoencoder(c.FirstStage, first, $"{first}.ddconfig", Error);
        ValidateAutoencoder(c.CondStage, cond, cond, Error);
        if (!c.FirstStage.DdConfig.DoubleZ)
            throw Error($"{first}.ddconfig.double_z", "must be true: AutoencoderKL's encoder outputs mean and log-variance.");
        if (c.FirstStage.EmbedDim != c.UNet.OutChannels)
            throw Error($"{first}.embed_dim", $"{c.FirstStage.EmbedDim} contradicts unet out_channels {c.UNet.OutChannels} (and channels {c.Channels}): the mask latent is what the UNet denoises.");
        if (c.CondStage.EmbedDim + c.Channels != c.UNet.InChannels)
            throw Error($"{cond}.embed_dim", $"{c.CondStage.EmbedDim} contradicts unet in_channels {c.UNet.InChannels}: the image latent fills the UNet's input channels after the {c.Channels} noisy-latent channels.");

        var fd = c.FirstStage.DdConfig;
        int down = 1 << (fd.ChMult.Count - 1);
        if (fd.Resolution != c.ImageSize * down)
            throw Error($"{first}.ddconfig.resolution", $"{fd.Resolution} contradicts image_size {c.ImageSize}: the autoencoder downsamples by {down} (ch_mult has {fd.ChMult.Count} levels), so resolution must be {c.ImageSize * down}.");
        var cd = c.CondStage.DdConfig;
        if (cd.ChMult.Count != fd.ChMult.Count)
            throw Error($"{cond}.ch_mult", $"has {cd.ChMult.Count} levels but the first stage has {fd.ChMult.Count}: the image latent must have the mask latent's size.");
        if (cd.Resolution != fd.Resolution)
            throw Error($"{cond}.resolution", $"{cd.Resolution} contradicts the first stage's resolution {fd.Resolution}.");
        CheckSize(c, Error, unet, first, cond);
    }

    /// <summary>The most parameters a configuration may build: about five times the official configuration's 413 million.</summary>
    public const long MaxParameters = 2_000_000_000;

    // Each value within what any sensible SDSeg model uses, so that a typo or a hostile file is refused with its key named
    // before the size estimate multiplies the values (and long before an engine allocates them).
    static void CheckRanges(SdSegConfig c, Func<string, string, ConfigurationException> error, string unet, string first, string cond)
    {
        void Range(string key, double value, double min, double max, string official)
        {
            if (!(value >= min && value <= max))
                throw error(key, $"{value} is out of range: use {min} to {max} (the official configuration uses {official}).");
        }
        void Count<T>(string key, IReadOnlyList<T> list, int max, string official)
        {
            if (list.Count > max)
                throw error(key, $"has {list.Count} entries; at most {max} are allowed (the official configuration has {official}).");
        }
        Range("timesteps", c.Timesteps, 1, 10_000, "1000");
        Range("image_size", c.ImageSize, 1, 256, "32");
        Range("channels", c.Channels, 1, 64, "4");
        var u = c.UNet;
        Range($"{unet}.in_channels", u.InChannels, 1, 128, "8");
        Range($"{unet}.out_channels", u.OutChannels, 1, 64, "4");
        Range($"{unet}.model_channels", u.ModelChannels, 1, 1024, "192");
        Range($"{unet}.num_res_blocks", u.NumResBlocks, 1, 8, "2");
        Count($"{unet}.channel_mult", u.ChannelMult, 8, "5");
        foreach (int mult in u.ChannelMult)
            Range($"{unet}.channel_mult", mult, 1, 16, "at most 4");
        Count($"{unet}.attention_resolutions", u.AttentionResolutions, 8, "4");
        if (u.NumHeads != -1)
            Range($"{unet}.num_heads", u.NumHeads, 1, 64, "8");
        if (u.NumHeadChannels != -1)
            Range($"{unet}.num_head_channels", u.NumHeadChannels, 1, 1024, "-1");
        if (u.NumHeadsUpsample != -1)
            Range($"{unet}.num_heads_upsample", u.NumHeadsUpsample, 1, 64, "-1");
        if (u.Dropout is < 0 or >= 1)
            throw error($"{unet}.dropout", $"{u.Dropout} must be in [0, 1).");
        CheckAutoencoderRanges(c.FirstStage, first, $"{first}.ddconfig", Range, Count);
        CheckAutoencoderRanges(c.CondStage, cond, cond, Range, Count);
    }

    static void CheckAutoencoderRanges(AutoencoderConfig a, string path, string ddPath, Action<string, double, double, double, string> range,
        Action<string, IReadOnlyList<int>, int, string> count)
    {
        var d = a.DdConfig;
        range($"{path}.embed_dim", a.EmbedDim, 1, 64, "4");
        range($"{ddPath}.ch", d.Ch, 1, 512, "128");
        count($"{ddPath}.ch_mult", d.ChMult, 6, "4");
        foreach (int mult in d.ChMult)
            range($"{ddPath}.ch_mult", mult, 1, 16, "at most 4");
        range($"{ddPath}.num_res_blocks", d.NumResBlocks, 1, 8, "2");
        range($"{ddPath}.resolution", d.Resolution, 1, 2048, "256");
        range($"{ddPath}.z_channels", d.ZChannels, 1, 64, "4");
        range($"{ddPath}.in_channels", d.InChannels, 1, 16, "1 for masks, 3 for images");
        range($"{ddPath}.out_ch", d.OutCh, 1, 16, "1 for masks, 3 for images");
        count($"{ddPath}.attn_resolutions", d.AttnResolutions, 8, "none");
    }

    // Within the ranges, widths and depths still multiply; the estimate catches a combination no machine here can hold.
    static void CheckSize(SdSegConfig c, Func<string, string, ConfigurationException> error, string unet, string first, string cond)
    {
        var size = ModelSizeEstimate.Of(c);
        if (size.TotalParameters <= MaxParameters)
            return;
        var (key, what) = new[]
        {
            (Key: $"{unet}.model_channels", What: ("the UNet", size.UNetParameters)),
            (Key: $"{first}.ddconfig.ch", What: ("the autoencoder", size.FirstStageParameters)),
            (Key: $"{cond}.ch", What: ("the condition encoder", size.CondStageParameters)),
        }.MaxBy(p => p.What.Item2);
        throw error(key,
            $"the model would have {Millions(size.TotalParameters)} parameters ({what.Item1} {Millions(what.Item2)}), needing about "
            + $"{size.TrainingBytes / (double)(1L << 30):N1} GiB for its weights and optimiser state in training; the limit is "
            + $"{Millions(MaxParameters)} (the official configuration has 413 million). Use fewer channels.");
    }

    static string Millions(long parameters) => $"{parameters / 1e6:N1} million";

    static void ValidateAutoencoder(AutoencoderConfig a, string path, string ddPath, Func<string, string, ConfigurationException> error)
    {
        var d = a.DdConfig;
        if (a.EmbedDim < 1)
            throw error($"{path}.embed_dim", "must be positive.");
        if (d.ChMult.Count == 0 || d.ChMult.Any(m => m < 1))
            throw error($"{ddPath}.ch_mult", "must be a non-empty list of positive multipliers.");
        if (d.NumResBlocks < 1)
            throw error($"{ddPath}.num_res_blocks", "must be at least 1.");
        foreach (int mult in d.ChMult)
            if ((long)d.Ch * mult % 32 != 0)
                throw error($"{ddPath}.ch", $"{d.Ch} x ch_mult {mult} = {(long)d.Ch * mult} channels is not a multiple of 32 (the autoencoder's GroupNorm has 32 groups).");
        if (d.ZChannels < 1 || d.InChannels < 1 || d.OutCh < 1)
            throw error($"{ddPath}.z_channels", "z_channels, in_channels and out_ch must be positive.");
        if (d.Resolution % (1 << (d.ChMult.Count - 1)) != 0)
            throw error($"{ddPath}.resolution", $"{d.Resolution} is not divisible by the downsampling factor {1 << (d.ChMult.Count - 1)}.");
        if (d.Dropout is < 0 or >= 1)
            throw error($"{ddPath}.dropout", $"{d.Dropout} must be in [0, 1).");
    }
}
