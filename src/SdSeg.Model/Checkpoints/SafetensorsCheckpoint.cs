using System.Text;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SdSeg.Model.Checkpoints;

/// <summary>
/// Saves and loads a whole state dict (official key layout) as a <c>.safetensors</c> file, with string metadata in the
/// header's <c>__metadata__</c> (e.g. the config YAML and scale_factor). Files open in Python with
/// <c>safetensors.torch.load_file</c>. TorchSharp.PyBridge 1.4.4 reads the tensors; its writer has no metadata support,
/// so the writer here produces the header itself (same format, header padded to 8 bytes as the Python library does).
/// </summary>
public static class SafetensorsCheckpoint
{
    /// <summary>Writes <paramref name="stateDict"/> (tensors on any device) and optional metadata to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> stateDict, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", "pt");
            foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
                if (key != "format")
                    json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var (key, tensor) in stateDict)
            {
                long length = tensor.NumberOfElements * tensor.ElementSize;
                json.WriteStartObject(key);
                json.WriteString("dtype", DTypeName(key, tensor.dtype));
                json.WriteStartArray("shape");
                foreach (long size in tensor.shape)
                    json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }
            json.WriteEndObject();
        }
        while (header.Length % 8 != 0)
            header.WriteByte((byte)' ');

        string temporary = path + ".partial";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            file.Write(BitConverter.GetBytes((ulong)header.Length));
            header.Position = 0;
            header.CopyTo(file);
            foreach (var (_, tensor) in stateDict)
            {
                using var scope = NewDisposeScope();
                tensor.detach().cpu().contiguous().WriteBytesToStream(file);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Loads every tensor of a <c>.safetensors</c> file onto the CPU.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        ReadHeader(path);
        return Safetensors.LoadStateDict(path);
    }

    /// <summary>The header's <c>__metadata__</c> entries (empty when the file has none).</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        using var document = ReadHeader(path);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("__metadata__", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            foreach (var entry in metadata.EnumerateObject())
                result[entry.Name] = entry.Value.GetString() ?? "";
        return result;
    }

    static JsonDocument ReadHeader(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (file.Read(lengthBytes) != 8)
            throw new InvalidDataException($"'{path}' is not a safetensors file: it is shorter than 8 bytes.");
        ulong length = BitConverter.ToUInt64(lengthBytes);
        if (length == 0 || length > (ulong)Math.Min(file.Length - 8, 100_000_000))
            throw new InvalidDataException($"'{path}' is not a safetensors file: its header length {length} does not fit the file.");
        var bytes = new byte[length];
        file.ReadExactly(bytes);
        try
        {
            return JsonDocument.Parse(Encoding.UTF8.GetString(bytes).TrimEnd(' '));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not a safetensors file: its header is not JSON ({ex.Message}).", ex);
        }
    }

    static string DTypeName(string key, ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"Tensor '{key}' has dtype {dtype}, which safetensors cannot store."),
    };
}
