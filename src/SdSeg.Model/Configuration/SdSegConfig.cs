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

    /// <summary>Input image size in pixels: latent size times the first stage's downsampling factor.</summary>
    public int PixelSize => ImageSize * (1 << (FirstStage.DdConfig.ChMult.Count - 1));
}
