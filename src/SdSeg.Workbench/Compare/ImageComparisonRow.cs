namespace SdSeg.Workbench.Compare;

/// <summary>One image's scores in every compared run, in the order the runs were chosen.</summary>
/// <remarks><c>SampleId</c>: The dataset sample with this stem; null when the dataset no longer has it.</remarks>
/// <remarks><c>EmptyGroundTruth</c>: The ground-truth mask has no foreground pixel.</remarks>
public sealed record ImageComparisonRow(string Stem, int? SampleId, bool EmptyGroundTruth, IReadOnlyList<ImageScores> Scores)
{
    /// <summary>Dice of run <paramref name="run"/> minus Dice of the first run (run A): positive where it improved on A.</summary>
    public double DiceDifference(int run) => Scores[run].Dice - Scores[0].Dice;

    /// <summary>Whether any run after the first scores a lower Dice than the first.</summary>
    public bool WorseThanFirstInAnyRun => Enumerable.Range(1, Scores.Count - 1).Any(i => DiceDifference(i) < 0);
}
