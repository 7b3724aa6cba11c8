namespace SdSeg.Catalog.Runs;

/// <summary>Thrown when a dataset, split or model cannot be deleted because runs still refer to it.</summary>
public sealed class UsedByRunsException(string entityKind, string name, int runCount)
    : InvalidOperationException($"{entityKind} '{name}' is used by {runCount} run(s); delete those runs before deleting the {entityKind.ToLowerInvariant()}.")
{
    public int RunCount { get; } = runCount;
}
