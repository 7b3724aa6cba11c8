using YamlDotNet.RepresentationModel;

namespace SdSeg.Model.Configuration;

/// <summary>
/// Reads an official SDSeg YAML (<c>configs/SDSeg/*.yaml</c>, <c>configs/latent-diffusion/*.yaml</c>, or a run's
/// <c>project.yaml</c>) into an <see cref="SdSegConfig"/>. A key the official code does not take, or takes with a value this
/// model cannot honour, is an error naming the key and the file; absent keys get the official code's defaults.
/// </summary>
public static class OfficialConfigReader
{
    /// <summary>Reads a YAML file: the whole file with <c>model:</c> at its root, or just the model subtree.</summary>
    public static SdSegConfig ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Configuration file '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses YAML text; <paramref name="source"/> names the file or preset in error messages.</summary>
    public static SdSegConfig Parse(string yaml, string source)
    {
        var stream = YamlInputLimits.Load(yaml, source);
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode rootNode)
            throw new ConfigurationException(source, "(root)", "expected one YAML document whose root is a mapping with a 'model' key (or the model subtree itself).");

        var root = new YamlSection(rootNode, "", source);
        YamlSection model;
        YamlSection? workbench = null;
        int? dataSize = null;
        string dataSizeKey = "";
        if (root.Has("model"))
        {
            model = root.RequiredSection("model");
            workbench = root.Section("workbench");
            (dataSize, dataSizeKey) = ReadDataSize(root.Section("data"));
            // Training-run settings of the official main.py (data loaders, Lightning trainer and callbacks): not model settings.
            root.Ignore("lightning");
            root.RejectUnknownKeys();
        }
        else
        {
            model = root;
        }

        var config = ReadModel(model, workbench);
        ConfigValidator.Validate(config, model.KeyPath("params"), source);
        if (dataSize is int size && size != config.PixelSize)
            throw new ConfigurationException(source, dataSizeKey,
                $"{size} px does not match the model's input size {config.PixelSize} px (image_size {config.ImageSize} x downsampling {config.PixelSize / config.ImageSize} of first_stage_config ch_mult).");
        return config;
    }

    static (int?, string) ReadDataSize(YamlSection? data)
    {
        // Only the image size matters to the model; every other data key is a loader setting.
        var split = data?.Section("params")?.Section("train")?.Section("params");
        if (split is null || !split.Has("size"))
            return (null, "");
        return (split.Int("size", 0), split.KeyPath("size"));
    }

    static SdSegConfig ReadModel(YamlSection model, YamlSection? workbench)
    {
        var defaults = new SdSegConfig();
        string target = model.RequiredString("target", OfficialTargets.SdSeg);
        if (target != OfficialTargets.SdSeg && target != OfficialTargets.LatentDiffusion)
            throw model.Error("target", $"'{target}' is not an SDSeg model class; expected {OfficialTargets.SdSeg} or {OfficialTargets.LatentDiffusion}.");
        // Training reads it; configs meant only for inference often leave it out, so the SDSeg value is the default.
        double lr = model.Double("base_learning_rate", defaults.BaseLearningRate);
        var p = model.RequiredSection("params");
        model.RejectUnknownKeys();

        RejectUnless(p, "given_betas", p.String("given_betas", null) is null, "must be null: only the linear schedule built from linear_start/linear_end is supported.");
        RejectUnless(p, "use_positional_encodings", !p.Bool("use_positional_encodings", false), "must be false (SDSeg does not use positional encodings).");
        RejectUnless(p, "learn_logvar", !p.Bool("learn_logvar", false), "must be false: a learned logvar is not part of SDSeg's state dict.");
        RejectUnless(p, "logvar_init", p.Double("logvar_init", 0) == 0, "must be 0: SDSeg's loss weights every timestep equally.");
        RejectUnless(p, "v_posterior", p.Double("v_posterior", 0) == 0, "must be 0: the posterior-variance buffers are built for v_posterior 0.");
        RejectUnless(p, "cond_stage_forward", p.String("cond_stage_forward", null) is null, "must be null: the condition encoder is called directly.");
        // cosine_s only shapes the cosine schedule (not supported); clip_denoised is forced to False by LatentDiffusion.
        p.Ignore("cosine_s", "clip_denoised");

        bool concatMode = p.Bool("concat_mode", true);
        string conditioningKey = p.String("conditioning_key", null) ?? (concatMode ? "concat" : "crossattn");
        var scheduler = p.Section("scheduler_config");

        var config = new SdSegConfig
        {
            ModelTarget = target,
            BaseLearningRate = lr,
            Timesteps = p.Int("timesteps", 1000),
            BetaSchedule = p.RequiredString("beta_schedule", "linear"),
            LinearStart = p.Double("linear_start", 1e-4),
            LinearEnd = p.Double("linear_end", 2e-2),
            LossType = p.RequiredString("loss_type", "l1"),
            Parameterization = p.RequiredString("parameterization", "eps"),
            LSimpleWeight = p.Double("l_simple_weight", 1.0),
            OriginalElboWeight = p.Double("original_elbo_weight", 0.0),
            ImageSize = p.Int("image_size", 256),
            Channels = p.Int("channels", 3),
            ConditioningKey = conditioningKey,
            ConcatMode = concatMode,
            CondStageTrainable = p.Bool("cond_stage_trainable", false),
            ScaleByStd = p.Bool("scale_by_std", false),
            ScaleFactor = p.Double("scale_factor", 1.0),
            UseEma = p.Bool("use_ema", true),
            NumClasses = p.Int("num_classes", 2),
            CkptPath = p.String("ckpt_path", null),
            IgnoreKeys = p.StringList("ignore_keys", []),
            LoadOnlyUnet = p.Bool("load_only_unet", true),
            Monitor = p.String("monitor", "val/loss"),
            FirstStageKey = p.RequiredString("first_stage_key", "image"),
            CondStageKey = p.RequiredString("cond_stage_key", "image"),
            NumTimestepsCond = p.NullableInt("num_timesteps_cond", null) ?? 1,
            LogEveryT = p.Int("log_every_t", 100),
            UNet = ReadUNet(p.RequiredSection("unet_config")),
            FirstStage = ReadFirstStage(p.RequiredSection("first_stage_config")),
            CondStage = ReadCondStage(p.RequiredSection("cond_stage_config")),
            UseScheduler = scheduler is not null,
            WeightDecay = workbench?.Double("weight_decay", defaults.WeightDecay) ?? defaults.WeightDecay,
            LSegWeight = workbench?.Double("l_seg_weight", defaults.LSegWeight) ?? defaults.LSegWeight,
            InferenceTimestepShare = workbench?.Double("inference_timestep_share", defaults.InferenceTimestepShare) ?? defaults.InferenceTimestepShare,
            InferenceNoiseShare = workbench?.Double("inference_noise_share", defaults.InferenceNoiseShare) ?? defaults.InferenceNoiseShare,
            InferenceNoiseSeed = workbench?.Int("inference_noise_seed", (int)defaults.InferenceNoiseSeed) ?? defaults.InferenceNoiseSeed,
            LearningRateDecayTo = workbench?.Has("lr_decay_to") == true ? workbench.Double("lr_decay_to", 1.0) : null,
            PixelLossWeight = workbench?.Double("pixel_loss_weight", defaults.PixelLossWeight) ?? defaults.PixelLossWeight,
            CondStageInit = ReadCondStageInit(workbench, defaults.CondStageInit),
            CondStageLearningRateFactor = workbench?.Double("cond_stage_lr_factor", defaults.CondStageLearningRateFactor) ?? defaults.CondStageLearningRateFactor,
        };
        p.RejectUnknownKeys();
        workbench?.RejectUnknownKeys();
        return scheduler is null ? config with { WarmUpSteps = 0, WarmUpFStart = 1, FMax = 1, FMin = 1 } : ReadScheduler(scheduler, config);
    }

    static CondStageInit ReadCondStageInit(YamlSection? workbench, CondStageInit fallback) =>
        workbench?.String("cond_stage_init", null) switch
        {
            null => fallback,
            CondStageInitNames.FirstStageEncoder => CondStageInit.FirstStageEncoder,
            CondStageInitNames.Random => CondStageInit.Random,
            var other => throw workbench.Error("cond_stage_init", $"'{other}' is not a condition-encoder start; expected {CondStageInitNames.FirstStageEncoder} or {CondStageInitNames.Random}."),
        };

    static SdSegConfig ReadScheduler(YamlSection section, SdSegConfig config)
    {
        CheckTarget(section, OfficialTargets.Scheduler);
        var p = section.RequiredSection("params");
        section.RejectUnknownKeys();
        double One(string key)
        {
            var values = p.DoubleList(key, []);
            if (values.Count != 1)
                throw p.Error(key, $"expected a list with exactly one value (one scheduler cycle), found {values.Count}.");
            return values[0];
        }
        double warmUp = One("warm_up_steps");
        if (warmUp != Math.Floor(warmUp) || warmUp < 0 || warmUp > int.MaxValue)
            throw p.Error("warm_up_steps", $"{warmUp} is not a non-negative whole number of steps.");
        var result = config with
        {
            WarmUpSteps = (int)warmUp,
            WarmUpFStart = One("f_start"),
            FMax = One("f_max"),
            FMin = One("f_min"),
            CycleLength = One("cycle_lengths"),
        };
        p.Ignore("verbosity_interval"); // console printing only
        p.RejectUnknownKeys();
        return result;
    }

    static UNetConfig ReadUNet(YamlSection section)
    {
        CheckTarget(section, OfficialTargets.UNet);
        var p = section.RequiredSection("params");
        section.RejectUnknownKeys();
        RejectUnless(p, "use_spatial_transformer", !p.Bool("use_spatial_transformer", false), "must be false: SDSeg's UNet (LSUN-Churches LDM) has no spatial transformer.");
        RejectUnless(p, "context_dim", p.String("context_dim", null) is null, "must be null: SDSeg's UNet has no cross-attention.");
        RejectUnless(p, "n_embed", p.String("n_embed", null) is null, "must be null: codebook prediction is not part of SDSeg.");
        RejectUnless(p, "use_new_attention_order", !p.Bool("use_new_attention_order", false), "must be false: SDSeg uses the legacy QKV attention order.");
        RejectUnless(p, "use_fp16", !p.Bool("use_fp16", false), "must be false: the workbench runs the UNet in float32.");
        // use_checkpoint trades memory for recomputation; transformer_depth only applies with a spatial transformer.
        p.Ignore("use_checkpoint", "transformer_depth");
        var unet = new UNetConfig
        {
            ImageSize = p.RequiredInt("image_size"),
            InChannels = p.RequiredInt("in_channels"),
            ModelChannels = p.RequiredInt("model_channels"),
            OutChannels = p.RequiredInt("out_channels"),
            NumResBlocks = p.RequiredInt("num_res_blocks"),
            AttentionResolutions = Required(p, "attention_resolutions", p.IntList("attention_resolutions", null!)),
            Dropout = p.Double("dropout", 0),
            ChannelMult = p.IntList("channel_mult", [1, 2, 4, 8]),
            ConvResample = p.Bool("conv_resample", true),
            Dims = p.Int("dims", 2),
            NumClasses = p.NullableInt("num_classes", null),
            NumHeads = p.Int("num_heads", -1),
            NumHeadChannels = p.Int("num_head_channels", -1),
            NumHeadsUpsample = p.Int("num_heads_upsample", -1),
            UseScaleShiftNorm = p.Bool("use_scale_shift_norm", false),
            ResblockUpdown = p.Bool("resblock_updown", false),
            Legacy = p.Bool("legacy", true),
        };
        p.RejectUnknownKeys();
        return unet;
    }

    static AutoencoderConfig ReadFirstStage(YamlSection section)
    {
        CheckTarget(section, OfficialTargets.AutoencoderKL);
        var p = section.RequiredSection("params");
        section.RejectUnknownKeys();
        var loss = p.RequiredSection("lossconfig");
        CheckTarget(loss, OfficialTargets.IdentityLoss,
            "SDSeg freezes the autoencoder, and a training loss would add loss.* weights that SDSeg's state dict does not have");
        loss.RejectUnknownKeys();
        // image_key, colorize_nlabels, num_classes and ignore_keys only matter when the autoencoder is trained or logged on its own.
        p.Ignore("image_key", "colorize_nlabels", "num_classes", "ignore_keys");
        var ddSection = p.RequiredSection("ddconfig");
        var config = new AutoencoderConfig
        {
            EmbedDim = p.RequiredInt("embed_dim"),
            CkptPath = p.String("ckpt_path", null),
            Monitor = p.String("monitor", null),
            DdConfig = ReadDdConfig(ddSection),
        };
        ddSection.RejectUnknownKeys();
        p.RejectUnknownKeys();
        return config;
    }

    static AutoencoderConfig ReadCondStage(YamlSection section)
    {
        CheckTarget(section, OfficialTargets.CondStage);
        var p = section.RequiredSection("params");
        section.RejectUnknownKeys();
        // AEEncoderEmbedder takes its encoder's ddconfig flat, beside embed_dim and ckpt_path.
        var config = new AutoencoderConfig
        {
            EmbedDim = p.RequiredInt("embed_dim"),
            CkptPath = p.String("ckpt_path", null),
            DdConfig = ReadDdConfig(p),
        };
        p.RejectUnknownKeys();
        return config;
    }

    static DdConfig ReadDdConfig(YamlSection p)
    {
        RejectUnless(p, "resamp_with_conv", p.Bool("resamp_with_conv", true), "must be true: SDSeg's autoencoder resamples with convolutions.");
        RejectUnless(p, "use_linear_attn", !p.Bool("use_linear_attn", false), "must be false: SDSeg's autoencoder uses vanilla attention.");
        RejectUnless(p, "attn_type", p.String("attn_type", "vanilla") == "vanilla", "must be 'vanilla'.");
        RejectUnless(p, "give_pre_end", !p.Bool("give_pre_end", false), "must be false: the decoder's output layers are part of SDSeg.");
        RejectUnless(p, "tanh_out", !p.Bool("tanh_out", false), "must be false: SDSeg's decoder has no tanh.");
        return new DdConfig
        {
            DoubleZ = p.Bool("double_z", true),
            ZChannels = p.RequiredInt("z_channels"),
            Resolution = p.RequiredInt("resolution"),
            InChannels = p.RequiredInt("in_channels"),
            OutCh = p.RequiredInt("out_ch"),
            Ch = p.RequiredInt("ch"),
            ChMult = p.IntList("ch_mult", [1, 2, 4, 8]),
            NumResBlocks = p.RequiredInt("num_res_blocks"),
            AttnResolutions = Required(p, "attn_resolutions", p.IntList("attn_resolutions", null!)),
            Dropout = p.Double("dropout", 0),
        };
    }

    static IReadOnlyList<int> Required(YamlSection p, string key, IReadOnlyList<int>? value) =>
        value ?? throw p.Error(key, "required key is missing.");

    static void CheckTarget(YamlSection section, string expected, string? why = null)
    {
        string target = section.RequiredString("target", "");
        if (target != expected)
            throw section.Error("target", $"'{target}' is not supported; expected {expected}" + (why is null ? "." : $" ({why})."));
    }

    static void RejectUnless(YamlSection p, string key, bool ok, string message)
    {
        if (!ok)
            throw p.Error(key, message);
    }
}
