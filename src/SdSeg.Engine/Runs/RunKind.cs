namespace SdSeg.Engine.Runs;

/// <summary>What a run does.</summary>
public enum RunKind
{
    Train,
    Predict,
    Evaluate,
}
