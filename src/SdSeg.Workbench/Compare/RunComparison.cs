namespace SdSeg.Workbench.Compare;

/// <summary>Two or more runs on the same dataset, scored image by image over the images every one of them predicted.</summary>
/// <remarks><c>Rows</c>: Images all runs have results for, ordered by stem.</remarks>
/// <remarks><c>LeftOut</c>: Images only some of the runs have results for; they are in no row and no summary.</remarks>
/// <remarks><c>DatasetVersion</c>: The dataset's version, carried in sample image addresses (see <see cref="Datasets.DatasetOverview.Version"/>).</remarks>
public sealed record RunComparison(
    IReadOnlyList<ComparableRun> Runs, IReadOnlyList<ImageComparisonRow> Rows, IReadOnlyList<RunSummary> Summaries, int LeftOut, long DatasetVersion)
{
    /// <summary>The run ids as the <c>runs</c> query value, e.g. "3,5".</summary>
    public string RunIds => string.Join(',', Runs.Select(r => r.Id));

    /// <summary>How many compared images have an empty ground-truth mask.</summary>
    public int EmptyGroundTruthCount => Rows.Count(r => r.EmptyGroundTruth);

    /// <summary>Index of the row with <paramref name="stem"/>, or -1.</summary>
    public int IndexOf(string stem)
    {
        for (var i = 0; i < Rows.Count; i++)
        {
            if (string.Equals(Rows[i].Stem, stem, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }
}
