using System.Globalization;
using CsvHelper;
using SdSeg.Catalog.Runs;

namespace SdSeg.Workbench.Runs;

/// <summary>Reads the engine's metrics.csv (image, dice, iou, hd95, precision, recall, ...) into per-image results.</summary>
public static class MetricsCsvReader
{
    private static readonly CsvReaderOptions Options = new() { FormatProvider = CultureInfo.InvariantCulture };

    public static List<PerImageResult> Read(string file)
    {
        using var csv = CsvReader.FromFile(file, Options);
        var results = new List<PerImageResult>();
        while (csv.Read())
        {
            var stem = csv.GetString("image");
            if (string.IsNullOrEmpty(stem))
                throw new InvalidDataException($"{file}, row {results.Count + 1}: the image column is empty.");
            results.Add(new PerImageResult
            {
                SampleStem = stem,
                Dice = Required(csv, "dice", stem, file),
                Iou = Required(csv, "iou", stem, file),
                Hd95 = Optional(csv, "hd95"),
                Precision = Required(csv, "precision", stem, file),
                Recall = Required(csv, "recall", stem, file),
            });
        }
        return results;
    }

    // The engine writes an undefined value (HD95 with exactly one empty mask) as an empty field.
    private static double? Optional(CsvReader csv, string column) =>
        csv.GetStringOrNull(column) is { Length: > 0 } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    private static double Required(CsvReader csv, string column, string stem, string file) =>
        Optional(csv, column) ?? throw new InvalidDataException($"{file}: image '{stem}' has no {column} value.");
}
