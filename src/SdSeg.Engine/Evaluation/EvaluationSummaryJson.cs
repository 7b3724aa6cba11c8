using System.Text.Json;
using System.Text.Json.Serialization;
using SdSeg.Imaging.Metrics;

namespace SdSeg.Engine.Evaluation;

/// <summary>Reads and writes <see cref="EvaluationSummary"/> as JSON: camelCase, the mode as text, each metric as
/// <c>{count, nanCount, mean, std, median, min, max}</c>, and a statistic of no defined values (NaN) as null.</summary>
public static class EvaluationSummaryJson
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter<EvaluationMode>(JsonNamingPolicy.CamelCase), new MetricSummaryConverter() },
    };

    public static string Serialize(EvaluationSummary summary) => JsonSerializer.Serialize(summary, Options);

    public static EvaluationSummary Deserialize(string json) =>
        JsonSerializer.Deserialize<EvaluationSummary>(json, Options) ?? throw new InvalidDataException("The evaluation summary JSON is empty.");

    /// <summary>Writes the summary through a temporary file.</summary>
    public static void Write(string file, EvaluationSummary summary)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full + ".tmp", Serialize(summary));
        File.Move(full + ".tmp", full, overwrite: true);
    }

    public static EvaluationSummary Read(string file) => Deserialize(File.ReadAllText(file));

    // JSON has no NaN: a statistic of no defined values (e.g. HD95 when every image has one empty mask) is written as null.
    sealed class MetricSummaryConverter : JsonConverter<MetricSummary>
    {
        public override MetricSummary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var e = document.RootElement;
            return new MetricSummary(
                e.GetProperty("count").GetInt32(),
                e.GetProperty("nanCount").GetInt32(),
                Number(e, "mean"),
                Number(e, "std"),
                Number(e, "median"),
                Number(e, "min"),
                Number(e, "max"));
        }

        public override void Write(Utf8JsonWriter writer, MetricSummary value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", value.Count);
            writer.WriteNumber("nanCount", value.NaNCount);
            foreach (var (name, number) in new[] { ("mean", value.Mean), ("std", value.StandardDeviation), ("median", value.Median), ("min", value.Min), ("max", value.Max) })
            {
                if (double.IsNaN(number)) writer.WriteNull(name);
                else writer.WriteNumber(name, number);
            }

            writer.WriteEndObject();
        }

        static double Number(JsonElement element, string name) =>
            element.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : double.NaN;
    }
}
