using System.Globalization;
using System.Text;

namespace SdSeg.Engine.Datasets;

/// <summary>What a dataset scan found: the layout, the valid samples (ordinal stem order) and one issue per problem file.</summary>
/// <param name="Layout">The detected layout.</param>
/// <param name="Samples">The valid pairs, ordered by stem (ordinal), with source paths.</param>
/// <param name="Issues">Problems, ordered by stem then kind.</param>
/// <param name="IgnoredFiles">Non-image files that were not considered (licences, CSVs...), relative paths.</param>
public sealed record ImportReport(
    DatasetLayout Layout,
    IReadOnlyList<DatasetSample> Samples,
    IReadOnlyList<ImportIssue> Issues,
    IReadOnlyList<string> IgnoredFiles)
{
    public int ErrorCount => Issues.Count(i => i.Severity == ImportIssueSeverity.Error);

    public int WarningCount => Issues.Count(i => i.Severity == ImportIssueSeverity.Warning);

    public bool HasErrors => ErrorCount > 0;

    /// <summary>Stems of pairs excluded by at least one error.</summary>
    public IReadOnlyList<string> ExcludedStems =>
        Issues.Where(i => i.Severity == ImportIssueSeverity.Error).Select(i => i.Stem).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>One line: layout, valid samples, errors, warnings.</summary>
    public string Summary =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Layout.DisplayName} layout: {Samples.Count} valid pair(s), {ErrorCount} error(s), {WarningCount} warning(s).");

    /// <summary>The whole report as plain text: summary, why this layout, counts per kind, then every issue.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(Summary);
        text.AppendLine($"Why this layout: {Layout.Explanation}.");
        foreach (var group in Issues.GroupBy(i => i.Kind).OrderBy(g => g.Key))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key}: {group.Count()}");
        }

        if (IgnoredFiles.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Ignored {IgnoredFiles.Count} file(s) that are not images: {string.Join(", ", IgnoredFiles.Take(10))}{(IgnoredFiles.Count > 10 ? ", ..." : "")}.");
        }

        foreach (var issue in Issues)
        {
            text.AppendLine(issue.ToString());
        }

        return text.ToString();
    }
}
