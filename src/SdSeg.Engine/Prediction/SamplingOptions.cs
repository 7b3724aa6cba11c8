namespace SdSeg.Engine.Prediction;

/// <summary>How SDSeg samples: the seed of the noise shared by every image, reverse steps, samples per image.</summary>
public sealed record SamplingOptions
{
    public long Seed { get; init; }
    public int Steps { get; init; } = 1;
    public int Samples { get; init; } = 1;
}
