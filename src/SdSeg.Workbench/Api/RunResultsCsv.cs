using System.Globalization;
using CsvHelper;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Security;

namespace SdSeg.Workbench.Api;

/// <summary>
/// Writes a run's per-image metrics as CSV: image, dice, iou, hd95, precision, recall; image names a spreadsheet would run as
/// formulas are written as text (<see cref="SpreadsheetText"/>).
/// </summary>
public static class RunResultsCsv
{
    private static readonly CsvWriterOptions Options = new() { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture };

    /// <summary>The columns, in order.</summary>
    public static IReadOnlyList<string> Header { get; } = ["image", "dice", "iou", "hd95", "precision", "recall"];

    /// <summary>The CSV text, one row per result in the given order; numbers round-trip, an undefined HD95 is an empty field.</summary>
    public static string Write(IEnumerable<PerImageResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, true))
        {
            csv.WriteHeader([.. Header]);
            foreach (var result in results)
            {
                csv.WriteField(SpreadsheetText.Cell(result.SampleStem));
                csv.WriteField(Number(result.Dice));
                csv.WriteField(Number(result.Iou));
                csv.WriteField(result.Hd95 is { } hd95 ? Number(hd95) : "");
                csv.WriteField(Number(result.Precision));
                csv.WriteField(Number(result.Recall));
                csv.EndRecord();
            }
        }
        return text.ToString();
    }

    private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
