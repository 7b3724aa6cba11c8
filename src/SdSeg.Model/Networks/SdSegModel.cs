using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Networks.Autoencoder;
using SdSeg.Model.Networks.Conditioning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks;

/// <summary>
/// The root of the official SDSeg model (<c>LatentDiffusion</c>/<c>SDSeg</c>) without its EMA copy: <c>model</c>
/// (the UNet wrapper), the frozen <c>first_stage_model</c>, the trainable <c>cond_stage_model</c>, the 12 schedule
/// buffers and <c>scale_factor</c>, so that its state-dict keys are the official ones minus <c>model_ema.*</c>.
/// </summary>
public sealed class SdSegModel : nn.Module
{
    const string ScaleFactorName = "scale_factor";

#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly DiffusionWrapper model;
    readonly AutoencoderKL first_stage_model;
    readonly ConditionEncoder cond_stage_model;
#pragma warning restore IDE1006

    public SdSegModel(SdSegConfig config) : base(nameof(SdSegModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        Validate(config);
        Config = config;

        var schedule = NoiseSchedule.FromConfig(config);
        foreach (var (name, buffer) in schedule.Buffers)
            register_buffer(name, buffer);
        register_buffer(ScaleFactorName, tensor((float)config.ScaleFactor));

        model = new DiffusionWrapper(config.UNet);
        first_stage_model = new AutoencoderKL(config.FirstStage);
        first_stage_model.Freeze();
        cond_stage_model = new ConditionEncoder(config.CondStage);
        RegisterComponents();
    }

    public SdSegConfig Config { get; }

    public DiffusionWrapper Model => model;
    public AutoencoderKL FirstStageModel => first_stage_model;
    public ConditionEncoder CondStageModel => cond_stage_model;

    public int NumTimesteps => Config.Timesteps;

    /// <summary>The noise schedule over this module's current buffers (so it follows <c>to(device)</c>).</summary>
    public NoiseSchedule Schedule => NoiseSchedule.FromBuffers(get_buffer);

    /// <summary>The latent scale (official buffer <c>scale_factor</c>): 1/std of the first training batch's latents with scale_by_std.</summary>
    public double ScaleFactor
    {
        get => ScaleFactorBuffer.item<float>();
        set
        {
            if (!(value > 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The scale factor must be a positive finite number.");
            using var _ = no_grad();
            ScaleFactorBuffer.fill_(value);
        }
    }

    Tensor ScaleFactorBuffer => get_buffer(ScaleFactorName)!;

    /// <summary>The parameters SDSeg trains: the UNet's and the condition encoder's (the first stage is frozen).</summary>
    public IEnumerable<Parameter> TrainableParameters() => model.parameters().Concat(cond_stage_model.parameters());

    /// <summary>The official <c>get_first_stage_encoding(encode_first_stage(x))</c>: scale_factor * posterior sample, without gradients.</summary>
    public Tensor EncodeFirstStage(Tensor x, Generator? generator = null)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var latent = first_stage_model.Encode(x).Sample(generator);
        return latent.mul_(ScaleFactorBuffer.to(latent.device)).MoveToOuterDisposeScope();
    }

    /// <summary>The official <c>decode_first_stage</c>: decode z / scale_factor, without gradients.</summary>
    public Tensor DecodeFirstStage(Tensor z)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return first_stage_model.Decode(z / ScaleFactorBuffer.to(z.device)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Decodes z / scale_factor keeping the graph, so a loss on the decoded image trains what produced z (the first
    /// stage's own parameters stay frozen); the official code only decodes without gradients.
    /// </summary>
    public Tensor DecodeFirstStageWithGradient(Tensor z) => first_stage_model.Decode(z / ScaleFactorBuffer.to(z.device));

    /// <summary>The official <c>get_learned_conditioning</c>: the condition latent of an image in [-1, 1].</summary>
    public Tensor GetLearnedConditioning(Tensor image) => cond_stage_model.call(image);

    /// <summary>The official <c>apply_model</c> with concat conditioning: predicted noise for z_t at t given c.</summary>
    public Tensor ApplyModel(Tensor zt, Tensor t, Tensor condition) => model.call(zt, t, condition);

    static void Validate(SdSegConfig config)
    {
        if (!string.Equals(config.ConditioningKey, "concat", StringComparison.Ordinal))
            throw new NotSupportedException(
                $"Conditioning key '{config.ConditioningKey}' is not supported: binary SDSeg concatenates the condition latent ('concat').");
        if (config.Timesteps < 2)
            throw new ArgumentException($"timesteps must be at least 2; got {config.Timesteps}.");
        if (config.UNet.InChannels != config.Channels + config.CondStage.EmbedDim)
            throw new ArgumentException(
                $"The UNet's in_channels ({config.UNet.InChannels}) must equal the latent channels ({config.Channels}) plus the condition's embed_dim ({config.CondStage.EmbedDim}).");
        if (config.UNet.OutChannels != config.Channels)
            throw new ArgumentException($"The UNet's out_channels ({config.UNet.OutChannels}) must equal the latent channels ({config.Channels}).");
        if (config.FirstStage.EmbedDim != config.Channels)
            throw new ArgumentException($"The first stage's embed_dim ({config.FirstStage.EmbedDim}) must equal the latent channels ({config.Channels}).");
        if (!(config.ScaleFactor > 0))
            throw new ArgumentException($"scale_factor must be positive; got {config.ScaleFactor}.");
    }
}
