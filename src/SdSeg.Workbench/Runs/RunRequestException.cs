namespace SdSeg.Workbench.Runs;

/// <summary>A run request the catalog cannot satisfy: <see cref="Field"/> is the request field at fault, the message says why.</summary>
/// <param name="field">The field as the API's JSON body names it (camelCase, e.g. "batchSize"); see <see cref="RunRequestFields"/>.</param>
/// <param name="message">What is wrong, in words a user can act on.</param>
public sealed class RunRequestException(string field, string message) : InvalidOperationException(message)
{
    /// <summary>The request field at fault, as the API's JSON body names it (camelCase).</summary>
    public string Field { get; } = field;
}
