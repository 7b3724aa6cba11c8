namespace SdSeg.Workbench.Runs;

/// <summary>A run request the catalog cannot satisfy; the message says which field and why.</summary>
public sealed class RunRequestException(string message) : InvalidOperationException(message);
