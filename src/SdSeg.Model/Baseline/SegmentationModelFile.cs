using System.Text;
using System.Text.Json;
using SdSeg.Model.Checkpoints;

namespace SdSeg.Model.Baseline;

/// <summary>Tells an SDSeg model file from a baseline U-Net file by its content, before any network is built.</summary>
public static class SegmentationModelFile
{
    const string SdSegTensorPrefix = "model.diffusion_model.";

    /// <summary>
    /// A safetensors file is a baseline with <see cref="UNet2dModelFile.ConfigMetadataKey"/> in its metadata, SDSeg with
    /// <see cref="SdSegModelFile.ConfigMetadataKey"/> or, without either, with SDSeg's <c>model.diffusion_model.*</c>
    /// tensors (official weights converted elsewhere). A PyTorch pickle (.ckpt/.pt) is SDSeg, the only model shipped that way.
    /// Anything else is an error that says what the file lacks.
    /// </summary>
    public static SegmentationModelKind Detect(string path)
    {
        if (CheckpointFile.Detect(path) != CheckpointFile.Format.Safetensors)
            return SegmentationModelKind.SdSeg;
        var metadata = SafetensorsCheckpoint.ReadMetadata(path);
        bool baseline = metadata.ContainsKey(UNet2dModelFile.ConfigMetadataKey);
        bool sdseg = metadata.ContainsKey(SdSegModelFile.ConfigMetadataKey);
        if (baseline && sdseg)
            throw new InvalidDataException(
                $"'{path}' claims to be both a baseline U-Net ('{UNet2dModelFile.ConfigMetadataKey}') and an SDSeg model ('{SdSegModelFile.ConfigMetadataKey}') in its metadata; it was not written by the workbench.");
        if (baseline)
            return SegmentationModelKind.UNet2dBaseline;
        if (sdseg || TensorNames(path).Any(name => name.StartsWith(SdSegTensorPrefix, StringComparison.Ordinal)))
            return SegmentationModelKind.SdSeg;
        throw new InvalidDataException(
            $"'{path}' is neither an SDSeg model (no '{SdSegModelFile.ConfigMetadataKey}' metadata and no {SdSegTensorPrefix}* tensors) " +
            $"nor a baseline U-Net model (no '{UNet2dModelFile.ConfigMetadataKey}' metadata).");
    }

    /// <summary>The tensor names in a safetensors header (everything but <c>__metadata__</c>), without reading the tensors.</summary>
    static List<string> TensorNames(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        file.ReadExactly(lengthBytes);
        ulong length = BitConverter.ToUInt64(lengthBytes);
        // SafetensorsCheckpoint.ReadMetadata has already checked the header length and its JSON.
        var bytes = new byte[length];
        file.ReadExactly(bytes);
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(bytes).TrimEnd(' '));
        return document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata__").ToList();
    }
}
