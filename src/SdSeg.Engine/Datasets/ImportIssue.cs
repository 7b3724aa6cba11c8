namespace SdSeg.Engine.Datasets;

/// <summary>One problem found in one file, in plain words.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Severity">Error (sample excluded) or warning (sample kept).</param>
/// <param name="Stem">The stem of the pair concerned.</param>
/// <param name="File">The file concerned, relative to the dataset folder.</param>
/// <param name="Message">A plain-words explanation naming the file and what was done about it.</param>
public sealed record ImportIssue(ImportIssueKind Kind, ImportIssueSeverity Severity, string Stem, string File, string Message)
{
    public override string ToString() => $"{(Severity == ImportIssueSeverity.Error ? "error" : "warning")}: {Message}";
}
