using System.Text;

namespace SdSeg.Model.Checkpoints;

/// <summary>What a state-dict load matched, what it could not match, and whether it changed the module.</summary>
public sealed record LoadReport
{
    public required string Source { get; init; }
    /// <summary>Keys copied (or, when <see cref="Applied"/> is false, that would have been copied).</summary>
    public IReadOnlyList<string> Loaded { get; init; } = [];
    /// <summary>Module keys absent from the checkpoint and not allowed to be.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
    /// <summary>Checkpoint keys with no module counterpart and not allowed to be.</summary>
    public IReadOnlyList<string> Unexpected { get; init; } = [];
    public IReadOnlyList<ShapeMismatch> MisShaped { get; init; } = [];
    /// <summary>Module keys absent from the checkpoint under an allowed prefix (they kept their values).</summary>
    public IReadOnlyList<string> AllowedMissing { get; init; } = [];
    /// <summary>Checkpoint keys under an allowed prefix that were skipped.</summary>
    public IReadOnlyList<string> AllowedUnexpected { get; init; } = [];
    /// <summary>True once the tensors were copied into the module; a load with any mismatch copies nothing.</summary>
    public bool Applied { get; init; }

    /// <summary>No missing, unexpected or mis-shaped key outside the allowed prefixes.</summary>
    public bool IsAcceptable => Missing.Count == 0 && Unexpected.Count == 0 && MisShaped.Count == 0;

    /// <summary>A multi-line summary for a console, listing up to <paramref name="maxNames"/> keys per kind.</summary>
    public string Describe(int maxNames = 20)
    {
        var text = new StringBuilder();
        text.AppendLine($"{Source}: {(Applied ? "loaded" : "not loaded")}, {Loaded.Count} tensors matched, {Missing.Count} missing, " +
                        $"{Unexpected.Count} unexpected, {MisShaped.Count} mis-shaped" +
                        (AllowedMissing.Count + AllowedUnexpected.Count > 0 ? $" ({AllowedMissing.Count} allowed missing, {AllowedUnexpected.Count} allowed unexpected)" : "") + ".");
        List("missing", Missing);
        List("unexpected", Unexpected);
        List("mis-shaped", MisShaped.Select(m => m.ToString()).ToList());
        return text.ToString().TrimEnd();

        void List(string kind, IReadOnlyList<string> names)
        {
            foreach (string name in names.Take(maxNames))
                text.AppendLine($"  {kind}: {name}");
            if (names.Count > maxNames)
                text.AppendLine($"  ... and {names.Count - maxNames} more {kind}");
        }
    }

    public override string ToString() => Describe();
}
