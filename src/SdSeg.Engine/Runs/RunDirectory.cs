using System.Text;
using System.Text.Json;

namespace SdSeg.Engine.Runs;

/// <summary>
/// The run directory: the one contract between the web app and the compute. The app writes <c>spec.json</c>; the engine
/// writes <c>progress.jsonl</c>, <c>checkpoints/</c>, <c>predictions/</c>, <c>metrics.csv</c>, <c>result.json</c>,
/// <c>model.safetensors</c> with <c>config.yaml</c>, and <c>log.txt</c>.
/// </summary>
public sealed class RunDirectory
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
    static readonly JsonSerializerOptions IndentedJson = new(Json) { WriteIndented = true };

    public RunDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }
    public string SpecFile => Combine("spec.json");
    public string ProgressFile => Combine("progress.jsonl");
    public string CheckpointsFolder => Combine("checkpoints");
    public string PredictionsFolder => Combine("predictions");
    public string MetricsFile => Combine("metrics.csv");
    public string ResultFile => Combine("result.json");
    public string LogFile => Combine("log.txt");
    public string ModelWeightsFile => Combine("model.safetensors");
    public string ModelConfigFile => Combine("config.yaml");

    /// <summary>Creates the folder (if needed) and writes <c>spec.json</c>.</summary>
    public void WriteSpec(RunSpec spec)
    {
        Directory.CreateDirectory(Path);
        WriteAtomically(SpecFile, JsonSerializer.Serialize(spec, IndentedJson));
    }

    /// <summary>Reads <c>spec.json</c>, with a clear error when it is missing or malformed.</summary>
    public RunSpec ReadSpec()
    {
        if (!File.Exists(SpecFile))
            throw new FileNotFoundException($"{Path} is not a run directory: it has no spec.json.", SpecFile);
        try
        {
            return JsonSerializer.Deserialize<RunSpec>(File.ReadAllText(SpecFile), Json)
                ?? throw new InvalidDataException($"{SpecFile} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{SpecFile} is not a valid run spec: {e.Message}", e);
        }
    }

    /// <summary>Appends one event as a JSON line and flushes it, so a reader sees whole lines only.</summary>
    public void AppendProgress(ProgressEvent progress)
    {
        Directory.CreateDirectory(Path);
        var line = JsonSerializer.Serialize(progress, Json) + "\n";
        using var stream = new FileStream(ProgressFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Reads progress events from byte <paramref name="offset"/> on; a last line without its newline (a write in
    /// progress, or a run killed mid-write) is left for the next read. Returns the offset to continue from.
    /// </summary>
    public (IReadOnlyList<ProgressEvent> Events, long NextOffset) ReadProgress(long offset = 0)
    {
        var events = new List<ProgressEvent>();
        if (!File.Exists(ProgressFile)) return (events, offset);
        using var stream = new FileStream(ProgressFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (offset > stream.Length) offset = 0;
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[stream.Length - offset];
        stream.ReadExactly(buffer);
        int start = 0;
        for (int i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] != (byte)'\n') continue;
            var line = Encoding.UTF8.GetString(buffer, start, i - start).Trim();
            start = i + 1;
            if (line.Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize<ProgressEvent>(line, Json) is { } e) events.Add(e);
            }
            catch (JsonException)
            {
                // A corrupt line (e.g. from a disk-full write) must not hide the events after it.
            }
        }
        return (events, offset + start);
    }

    string Combine(string name) => System.IO.Path.Combine(Path, name);

    static void WriteAtomically(string file, string text)
    {
        var temp = file + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, file, overwrite: true);
    }
}
