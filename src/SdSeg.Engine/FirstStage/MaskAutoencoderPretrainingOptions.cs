namespace SdSeg.Engine.FirstStage;

/// <summary>Settings of <see cref="MaskAutoencoderPretraining"/>.</summary>
public sealed record MaskAutoencoderPretrainingOptions
{
    public int Steps { get; init; } = 4000;
    public int BatchSize { get; init; } = 16;
    /// <summary>Side of the synthetic masks (the autoencoder is convolutional: it then serves any multiple of its factor).</summary>
    public int PixelSize { get; init; } = 64;
    /// <summary>Train on random crops of this side (null: whole masks); the held-out score always uses whole masks.</summary>
    public int? CropSize { get; init; }
    public double LearningRate { get; init; } = 1e-3;
    public double KlWeight { get; init; } = 1e-6;
    public int Seed { get; init; }
    /// <summary>Score the reconstruction of held-out synthetic masks every this many steps.</summary>
    public int ScoreEvery { get; init; } = 250;
    /// <summary>Held-out batches in a reconstruction score.</summary>
    public int ScoreBatches { get; init; } = 4;
    /// <summary>The command line recorded in the weights' metadata.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>This instance, or an error naming the first bad setting.</summary>
    public MaskAutoencoderPretrainingOptions Validated()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "At least one step is needed.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        if (CropSize is { } crop && (crop < 8 || crop > PixelSize)) throw new ArgumentOutOfRangeException(nameof(CropSize), CropSize, "The crop must be between 8 pixels and the mask size.");
        if (PixelSize < 8) throw new ArgumentOutOfRangeException(nameof(PixelSize), PixelSize, "The masks must be at least 8 pixels wide.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
        if (!(KlWeight >= 0)) throw new ArgumentOutOfRangeException(nameof(KlWeight), KlWeight, "The KL weight must be zero or positive.");
        if (ScoreEvery < 1 || ScoreBatches < 1) throw new ArgumentOutOfRangeException(nameof(ScoreEvery), "Scoring needs positive intervals and batch counts.");
        return this;
    }
}
