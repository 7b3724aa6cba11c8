namespace SdSeg.Engine.Prediction;

/// <summary>How to predict: the seed of the shared noise, reverse steps, samples, and whether to keep soft maps.</summary>
public sealed record PredictionOptions
{
    public long Seed { get; init; }
    public int Steps { get; init; } = 1;
    public int Samples { get; init; } = 1;
    /// <summary>Also write <c>&lt;stem&gt;.prob.png</c> (16-bit soft map) and, with several samples, <c>&lt;stem&gt;.std.png</c>.</summary>
    public bool SaveProbabilities { get; init; }
}
