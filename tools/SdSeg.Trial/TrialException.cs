namespace SdSeg.Trial;

/// <summary>A trial step that did not go as a user would expect; the message says what was seen.</summary>
public sealed class TrialException(string message) : Exception(message);
