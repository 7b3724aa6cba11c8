namespace SdSeg.Model.Checkpoints;

/// <summary>
/// Which mismatches <see cref="StateDictLoader"/> may accept. By default none: any missing, unexpected or mis-shaped key
/// stops the load. Prefixes allow whole, named parts of a checkpoint to be absent or left over; shapes must always match.
/// </summary>
public sealed record StateDictLoadOptions
{
    /// <summary>Module keys starting with one of these may be absent from the checkpoint; they keep their current values.</summary>
    public IReadOnlyList<string> AllowMissingPrefixes { get; init; } = [];

    /// <summary>Checkpoint keys starting with one of these may have no counterpart in the module; they are skipped.</summary>
    public IReadOnlyList<string> AllowUnexpectedPrefixes { get; init; } = [];

    /// <summary>Every key must match in name and shape.</summary>
    public static StateDictLoadOptions Strict { get; } = new();

    /// <summary>
    /// A full official SDSeg checkpoint into the model without its EMA: the <c>model_ema.</c> tensors are left over
    /// (load them with <see cref="SdSeg.Model.Training.EmaWeights.LoadFrom"/>).
    /// </summary>
    public static StateDictLoadOptions OfficialWithoutEma { get; } = new() { AllowUnexpectedPrefixes = ["model_ema."] };
}
