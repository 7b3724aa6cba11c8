namespace SdSeg.Engine.Prediction;

/// <summary>What to write besides the masks.</summary>
public sealed record PredictionOptions
{
    /// <summary>Also write <c>&lt;stem&gt;.prob.png</c> (16-bit soft map) and, with several samples, <c>&lt;stem&gt;.std.png</c>.</summary>
    public bool SaveProbabilities { get; init; }
}
