namespace SdSeg.Engine.Datasets;

/// <summary>No known dataset layout was found; the message lists what was looked for and what was there.</summary>
public sealed class UnknownDatasetLayoutException(string folder, string message) : Exception(message)
{
    /// <summary>The folder that was examined.</summary>
    public string Folder { get; } = folder;
}
