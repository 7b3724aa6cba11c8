using System.Globalization;
using System.Text;
using SdSeg.Workbench.Security;

namespace SdSeg.Workbench.Compare;

/// <summary>
/// Writes a comparison's per-image table as CSV: image, each run's dice/iou/hd95, then each run's Dice minus run A's. Image names
/// that a spreadsheet would run as formulas are written as text (<see cref="SpreadsheetText"/>).
/// </summary>
public static class ComparisonCsvWriter
{
    /// <summary>The CSV text; numbers use a dot and full precision, an undefined HD95 is an empty field.</summary>
    public static string Write(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var first = comparison.Runs[0].Id;
        var header = new List<string> { "image" };
        foreach (var run in comparison.Runs)
            header.AddRange([$"run{run.Id}_dice", $"run{run.Id}_iou", $"run{run.Id}_hd95"]);
        foreach (var run in comparison.Runs.Skip(1))
            header.Add($"dice_run{run.Id}_minus_run{first}");

        var csv = new StringBuilder();
        csv.AppendJoin(',', header).Append('\n');
        foreach (var row in comparison.Rows)
        {
            var fields = new List<string> { Escape(SpreadsheetText.Cell(row.Stem)) };
            foreach (var scores in row.Scores)
                fields.AddRange([Number(scores.Dice), Number(scores.Iou), scores.Hd95 is { } hd95 ? Number(hd95) : ""]);
            for (var i = 1; i < row.Scores.Count; i++)
                fields.Add(Number(row.DiceDifference(i)));
            csv.AppendJoin(',', fields).Append('\n');
        }
        return csv.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
