using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdSeg.Engine.Datasets;

/// <summary>The <c>dataset.json</c> of an imported dataset: where it came from, how it was read, and per-sample statistics.</summary>
public sealed record DatasetManifest
{
    /// <summary>The manifest's file name inside a dataset folder.</summary>
    public const string FileName = "dataset.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public required string Name { get; init; }

    /// <summary>The folder (or archive) the dataset was imported from.</summary>
    public required string Source { get; init; }

    public required DatasetLayoutKind Layout { get; init; }

    /// <summary>Why the layout was chosen.</summary>
    public required string LayoutExplanation { get; init; }

    /// <summary>How masks were binarised, in words (e.g. "AnyColour > half of the maximum").</summary>
    public required string MaskBinarization { get; init; }

    public required DateTimeOffset ImportedAt { get; init; }

    /// <summary>Pairs found with both files (valid or not).</summary>
    public required int PairsFound { get; init; }

    public required int SampleCount { get; init; }

    /// <summary>Pairs left out because of errors (only with <see cref="ImportOptions.ImportValidOnly"/>).</summary>
    public required int ExcludedCount { get; init; }

    /// <summary>The imported samples, ordinal stem order; paths relative to the dataset folder.</summary>
    public required IReadOnlyList<DatasetSample> Samples { get; init; }

    /// <summary>Every issue the scan reported, errors for left-out files included.</summary>
    public required IReadOnlyList<ImportIssue> Issues { get; init; }

    /// <summary>The sample stems, ordinal order.</summary>
    public IReadOnlyList<string> Stems() => Samples.Select(s => s.Stem).ToList();

    public void Write(string datasetFolder)
    {
        Directory.CreateDirectory(datasetFolder);
        File.WriteAllText(Path.Combine(datasetFolder, FileName), JsonSerializer.Serialize(this, Json));
    }

    /// <summary>Reads <c>dataset.json</c> from <paramref name="datasetFolder"/>, with a clear error when it is missing or malformed.</summary>
    public static DatasetManifest Read(string datasetFolder)
    {
        var path = Path.Combine(datasetFolder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{datasetFolder}' is not an imported dataset: it has no {FileName}.", path);
        }

        try
        {
            return JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid dataset manifest: {ex.Message}", ex);
        }
    }
}
