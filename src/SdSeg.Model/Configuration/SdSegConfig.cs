namespace SdSeg.Model.Configuration;

/// <summary>The <c>model.params</c> subtree of an official SDSeg YAML: networks, schedule, loss and scale keys.</summary>
public sealed record SdSegConfig
{
    public UNetConfig UNet { get; init; } = new();
    public AutoencoderConfig FirstStage { get; init; } = new();
    public AutoencoderConfig CondStage { get; init; } = new() { DdConfig = new DdConfig { Dropout = 0.2 } };

    public double BaseLearningRate { get; init; } = 1e-5;
    public int Timesteps { get; init; } = 1000;
    public string BetaSchedule { get; init; } = "linear";
    public double LinearStart { get; init; } = 0.0015;
    public double LinearEnd { get; init; } = 0.0155;
    public string LossType { get; init; } = "l1";
    public string Parameterization { get; init; } = "eps";
    public double LSimpleWeight { get; init; } = 1.0;
    /// <summary>Weight of the latent-estimation loss |z0_hat - z0| (the paper's lambda; the official code uses 1).</summary>
    public double LSegWeight { get; init; } = 1.0;
    public double OriginalElboWeight { get; init; }

    /// <summary>
    /// Share of each training batch noised to the last timestep T−1, the one single-step inference uses; the rest is
    /// uniform over 0..T−1. 0 is the official uniform sampling (workbench key <c>inference_timestep_share</c>).
    /// </summary>
    public double InferenceTimestepShare { get; init; }

    /// <summary>
    /// Share of the samples put at T−1 that get the inference noise of seed <see cref="InferenceNoiseSeed"/> instead of
    /// fresh noise (workbench key <c>inference_noise_share</c>; 0, the official behaviour, draws fresh noise for every sample).
    /// </summary>
    public double InferenceNoiseShare { get; init; }

    /// <summary>The seed whose single-step noise <see cref="InferenceNoiseShare"/> trains with (workbench key <c>inference_noise_seed</c>).</summary>
    public long InferenceNoiseSeed { get; init; }

    /// <summary>
    /// Weight of a pixel-space loss (BCE + soft Dice) on the decoded latent estimate against the mask, next to the
    /// official latent losses; 0 is the official objective (workbench key <c>pixel_loss_weight</c>).
    /// </summary>
    public double PixelLossWeight { get; init; }

    /// <summary>
    /// When set, the learning rate (after the warm-up factor) falls linearly over the run's budget, steps or time, to this
    /// fraction (workbench key <c>lr_decay_to</c>; null keeps the official constant rate). The single step multiplies the
    /// UNet's error by about 39, so the weights must settle, which a constant rate does not let them do.
    /// </summary>
    public double? LearningRateDecayTo { get; init; }

    /// <summary>How the condition encoder starts when the first stage is trained or imported (workbench key <c>cond_stage_init</c>).</summary>
    public CondStageInit CondStageInit { get; init; } = CondStageInit.FirstStageEncoder;

    /// <summary>Multiplier of the condition encoder's learning rate (the official param groups use 1; workbench key <c>cond_stage_lr_factor</c>).</summary>
    public double CondStageLearningRateFactor { get; init; } = 1.0;
    /// <summary>Latent image size of the UNet (the official <c>image_size</c>, 32 for 256 px inputs).</summary>
    public int ImageSize { get; init; } = 32;
    /// <summary>Latent channels (the official <c>channels</c>).</summary>
    public int Channels { get; init; } = 4;
    public string ConditioningKey { get; init; } = "concat";
    public bool CondStageTrainable { get; init; } = true;
    public bool ScaleByStd { get; init; } = true;
    public double ScaleFactor { get; init; } = 1.0;
    public bool UseEma { get; init; } = true;
    public int NumClasses { get; init; } = 2;
    public double WeightDecay { get; init; } = 0.01;
    public int WarmUpSteps { get; init; } = 10000;
    public double WarmUpFStart { get; init; } = 1e-6;
    public double FMax { get; init; } = 1.0;
    public double FMin { get; init; } = 1.0;

    /// <summary>The official <c>model.target</c> class (the rewrite <c>SDSeg.SDSeg</c> or the original <c>ddpm.LatentDiffusion</c>).</summary>
    public string ModelTarget { get; init; } = OfficialTargets.SdSeg;
    /// <summary>The official <c>ckpt_path</c>: the initial checkpoint the official code loads at construction (recorded, not opened here).</summary>
    public string? CkptPath { get; init; } = "models/ldm/lsun_churches256/model.ckpt";
    /// <summary>The official <c>ignore_keys</c>: state-dict key prefixes dropped when <see cref="CkptPath"/> is loaded whole.</summary>
    public IReadOnlyList<string> IgnoreKeys { get; init; } = [];
    /// <summary>The official <c>load_only_unet</c>: true loads only the UNet from <see cref="CkptPath"/> (training), false the whole model.</summary>
    public bool LoadOnlyUnet { get; init; } = true;
    /// <summary>The official <c>monitor</c> metric name (used by the official checkpoint callback only).</summary>
    public string? Monitor { get; init; } = "val_avg_dice";
    /// <summary>The official <c>first_stage_key</c>: the batch entry that holds the mask.</summary>
    public string FirstStageKey { get; init; } = "segmentation";
    /// <summary>The official <c>cond_stage_key</c>: the batch entry that holds the image.</summary>
    public string CondStageKey { get; init; } = "image";
    /// <summary>The official <c>concat_mode</c>; it only matters when <c>conditioning_key</c> is absent.</summary>
    public bool ConcatMode { get; init; } = true;
    /// <summary>The official <c>num_timesteps_cond</c> (1: no shortened condition schedule).</summary>
    public int NumTimestepsCond { get; init; } = 1;
    /// <summary>The official <c>log_every_t</c> (logging of intermediate sampling steps).</summary>
    public int LogEveryT { get; init; } = 200;
    /// <summary>Whether a <c>scheduler_config</c> is present; without one the official code keeps the learning rate constant.</summary>
    public bool UseScheduler { get; init; } = true;
    /// <summary>The official <c>scheduler_config.params.cycle_lengths[0]</c>.</summary>
    public double CycleLength { get; init; } = 1e13;

    /// <summary>Input image size in pixels: latent size times the first stage's downsampling factor.</summary>
    public int PixelSize => ImageSize * (1 << (FirstStage.DdConfig.ChMult.Count - 1));
}
