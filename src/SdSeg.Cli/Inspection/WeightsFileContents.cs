using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using static TorchSharp.torch;

namespace SdSeg.Cli.Inspection;

/// <summary>
/// What a weights file holds, read without building a model: its format, every tensor's key, dtype and shape,
/// <c>scale_factor</c> when present, and the config a workbench safetensors file embeds. A safetensors file is read from
/// its header alone (plus the few bytes of scale_factor), so even a multi-GB file is summarised at once; a PyTorch
/// pickle has to be unpickled whole.
/// </summary>
public sealed record WeightsFileContents
{
    /// <summary>The prefix of the EMA tensors in the official layout.</summary>
    public const string EmaPrefix = "model_ema.";
    const string ScaleFactorKey = "scale_factor";

    public required string Path { get; init; }
    public required CheckpointFile.Format Format { get; init; }
    public required long FileBytes { get; init; }
    public required IReadOnlyList<TensorEntry> Tensors { get; init; }
    public double? ScaleFactor { get; init; }
    public SdSegConfig? EmbeddedConfig { get; init; }

    public long TensorBytes => Tensors.Sum(t => t.Bytes);
    public bool HasEma => Tensors.Any(t => t.Key.StartsWith(EmaPrefix, StringComparison.Ordinal));

    /// <summary>Tensor counts and bytes per <see cref="KeyPrefix"/>, in first-seen order.</summary>
    public IReadOnlyList<(string Prefix, int Count, long Bytes)> Prefixes =>
        Tensors.GroupBy(t => KeyPrefix.Of(t.Key)).Select(g => (g.Key, g.Count(), g.Sum(t => t.Bytes))).ToList();

    public static WeightsFileContents Read(string path)
    {
        var format = CheckpointFile.Detect(path);
        return format == CheckpointFile.Format.Safetensors ? ReadSafetensors(path) : ReadPickle(path, format);
    }

    static WeightsFileContents ReadPickle(string path, CheckpointFile.Format format)
    {
        var stateDict = CheckpointFile.LoadStateDict(path);
        try
        {
            var entries = stateDict
                .Select(kv => new TensorEntry(kv.Key, DTypeName(kv.Value.dtype), kv.Value.shape, kv.Value.NumberOfElements * kv.Value.ElementSize))
                .ToList();
            double? scale = stateDict.TryGetValue(ScaleFactorKey, out var tensor) && tensor.NumberOfElements == 1
                ? tensor.to(float64).item<double>()
                : null;
            return new WeightsFileContents
            {
                Path = path, Format = format, FileBytes = new FileInfo(path).Length, Tensors = entries, ScaleFactor = scale,
            };
        }
        finally
        {
            foreach (var tensor in stateDict.Values) tensor.Dispose();
        }
    }

    static WeightsFileContents ReadSafetensors(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        file.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > (ulong)(file.Length - 8))
            throw new InvalidDataException($"'{path}' is not a safetensors file: its header length {headerLength} does not fit the file.");
        var header = new byte[headerLength];
        file.ReadExactly(header);
        long dataStart = 8 + (long)headerLength;

        List<TensorEntry> entries = [];
        double? scale = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' '));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not a safetensors file: its header is not JSON ({ex.Message}).", ex);
        }
        using (document)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__") continue;
                var value = property.Value;
                string dtype = value.GetProperty("dtype").GetString() ?? "?";
                long[] shape = value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[1] < offsets[0] || dataStart + offsets[1] > file.Length)
                    throw new InvalidDataException($"'{path}': tensor '{property.Name}' has data offsets outside the file.");
                entries.Add(new TensorEntry(property.Name, SafetensorsDTypeName(dtype), shape, offsets[1] - offsets[0]));
                if (property.Name == ScaleFactorKey && shape.Aggregate(1L, (a, b) => a * b) == 1)
                    scale = ReadScalar(file, dataStart + offsets[0], dtype);
            }
        }
        return new WeightsFileContents
        {
            Path = path,
            Format = CheckpointFile.Format.Safetensors,
            FileBytes = file.Length,
            Tensors = entries,
            ScaleFactor = scale,
            EmbeddedConfig = SdSegModelFile.ReadConfig(path),
        };
    }

    static double? ReadScalar(FileStream file, long position, string dtype)
    {
        Span<byte> bytes = stackalloc byte[8];
        file.Position = position;
        switch (dtype)
        {
            case "F32":
                file.ReadExactly(bytes[..4]);
                return BinaryPrimitives.ReadSingleLittleEndian(bytes);
            case "F64":
                file.ReadExactly(bytes);
                return BinaryPrimitives.ReadDoubleLittleEndian(bytes);
            case "F16":
                file.ReadExactly(bytes[..2]);
                return (double)BinaryPrimitives.ReadHalfLittleEndian(bytes);
            case "BF16":
                file.ReadExactly(bytes[..2]);
                return BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes) << 16);
            default:
                return null;
        }
    }

    /// <summary>Safetensors dtype codes as torch names, so both formats print alike.</summary>
    static string SafetensorsDTypeName(string code) => code switch
    {
        "F64" => "float64", "F32" => "float32", "F16" => "float16", "BF16" => "bfloat16",
        "I64" => "int64", "I32" => "int32", "I16" => "int16", "I8" => "int8", "U8" => "uint8", "BOOL" => "bool",
        _ => code,
    };

    static string DTypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "float64", ScalarType.Float32 => "float32", ScalarType.Float16 => "float16", ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64", ScalarType.Int32 => "int32", ScalarType.Int16 => "int16", ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8", ScalarType.Bool => "bool",
        _ => dtype.ToString().ToLowerInvariant(),
    };
}
