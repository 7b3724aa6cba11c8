namespace SdSeg.Engine.Datasets;

/// <summary>Whether an issue excludes its sample (error) or only flags it (warning).</summary>
public enum ImportIssueSeverity
{
    /// <summary>The sample is kept and the issue is noted.</summary>
    Warning,

    /// <summary>The sample cannot be used.</summary>
    Error,
}
