namespace SdSeg.Workbench.Compare;

/// <summary>The runs or image asked for cannot be compared; the message says why and what to choose instead.</summary>
/// <remarks><c>notFound</c>: Something named does not exist (a run, a result, a file), as opposed to a request that makes no sense.</remarks>
public sealed class CompareRequestException(string message, bool notFound = false) : Exception(message)
{
    /// <summary>Whether the request named something that does not exist.</summary>
    public bool NotFound { get; } = notFound;
}
