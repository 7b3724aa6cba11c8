using System.Globalization;
using CsvHelper;

namespace SdSeg.Engine.Evaluation;

/// <summary>
/// Writes per-image metrics as CSV (invariant culture, one row per image in stem order). An undefined value (NaN HD95 or
/// Hausdorff when exactly one mask is empty) is an empty field, which pandas and spreadsheets read as missing;
/// booleans are <c>true</c>/<c>false</c>; the <c>mode</c> column names the Dice/IoU convention of every row.
/// </summary>
public static class MetricsCsv
{
    static readonly CsvWriterOptions Options = new() { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture };

    /// <summary>The columns, in order.</summary>
    public static readonly IReadOnlyList<string> Header =
    [
        "image", "dice", "iou", "hd95", "hausdorff", "precision", "recall",
        "gt_empty", "pred_empty", "width", "height", "pred_width", "pred_height", "gt_width", "gt_height", "mode",
    ];

    /// <summary>Writes <paramref name="images"/> to <paramref name="file"/> (through a temporary file, so a reader never sees half a table).</summary>
    public static void Write(string file, IEnumerable<ImageEvaluation> images, EvaluationMode mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        ArgumentNullException.ThrowIfNull(images);
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        using (var csv = CsvWriter.ToFile(temp, Options))
        {
            csv.WriteHeader([.. Header]);
            var modeName = ModeName(mode);
            foreach (var image in images)
            {
                csv.WriteField(image.Stem);
                foreach (var metric in ImageEvaluation.MetricNames) csv.WriteField(Number(image.Metric(metric)));
                csv.WriteField(image.GroundTruthEmpty ? "true" : "false");
                csv.WriteField(image.PredictionEmpty ? "true" : "false");
                foreach (var size in new[] { image.Width, image.Height, image.PredictionWidth, image.PredictionHeight, image.GroundTruthWidth, image.GroundTruthHeight })
                    csv.WriteField(size.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(modeName);
                csv.EndRecord();
            }
        }

        File.Move(temp, full, overwrite: true);
    }

    /// <summary>The lower-case name of a mode as written in files (<c>standard</c>, <c>official</c>).</summary>
    public static string ModeName(EvaluationMode mode) => mode.ToString().ToLowerInvariant();

    // Shortest text that round-trips the double; NaN is left empty.
    static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
