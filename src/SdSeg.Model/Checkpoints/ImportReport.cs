using System.Text;

namespace SdSeg.Model.Checkpoints;

/// <summary>What one step of <see cref="InitialWeightsImporter"/> took from a pretrained checkpoint and what it left.</summary>
public sealed record ImportReport
{
    public required string Step { get; init; }
    public required string Source { get; init; }
    /// <summary>Module keys that received pretrained values.</summary>
    public IReadOnlyList<string> Taken { get; init; } = [];
    /// <summary>Module keys filled with pretrained values zero-padded on dim 1, described with both shapes.</summary>
    public IReadOnlyList<string> ZeroPadded { get; init; } = [];
    /// <summary>Module keys of the imported part that the checkpoint does not provide; they keep their fresh initialisation.</summary>
    public IReadOnlyList<string> KeptFresh { get; init; } = [];
    /// <summary>Checkpoint keys not taken, each with the reason.</summary>
    public IReadOnlyList<(string Key, string Reason)> Skipped { get; init; } = [];

    /// <summary>A console summary: counts, the padded and fresh keys, and the skipped keys grouped by reason.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Step} from {Source}: took {Taken.Count} tensors ({ZeroPadded.Count} zero-padded), kept {KeptFresh.Count} fresh, skipped {Skipped.Count} checkpoint keys.");
        foreach (string padded in ZeroPadded)
            text.AppendLine($"  zero-padded: {padded}");
        foreach (string fresh in KeptFresh)
            text.AppendLine($"  kept fresh: {fresh}");
        foreach (var group in Skipped.GroupBy(s => s.Reason))
            text.AppendLine($"  skipped {group.Count()} ({group.Key}), e.g. {group.First().Key}");
        return text.ToString().TrimEnd();
    }

    public override string ToString() => Describe();
}
