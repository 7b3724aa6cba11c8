namespace SdSeg.Catalog.Runs;

/// <summary>What a run does with its model and data.</summary>
public enum RunKind
{
    Train,
    Predict,
    Evaluate,
}
