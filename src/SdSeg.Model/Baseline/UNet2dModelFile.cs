using SdSeg.Model.Checkpoints;
using static TorchSharp.torch;

namespace SdSeg.Model.Baseline;

/// <summary>
/// A baseline U-Net model file: safetensors with the network's state dict (weights and norm statistics) and its config
/// YAML under <see cref="ConfigMetadataKey"/> in the metadata, a key SDSeg files do not have, so the file says what it is.
/// </summary>
public static class UNet2dModelFile
{
    /// <summary>The safetensors metadata key that holds the baseline config YAML (SDSeg files use <see cref="SdSegModelFile.ConfigMetadataKey"/>).</summary>
    public const string ConfigMetadataKey = "sdseg.baseline_yaml";

    /// <summary>Saves the weights with the config (and any extra <paramref name="metadata"/>, e.g. the step) in the metadata.</summary>
    public static void Save(string path, UNet2d model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tensors = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var allMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [ConfigMetadataKey] = UNet2dConfigYaml.Write(model.Config),
        };
        SafetensorsCheckpoint.Save(path, tensors, allMetadata);
    }

    /// <summary>The config stored in a baseline model file; an error for any other file (see <see cref="SegmentationModelFile.Detect"/>).</summary>
    public static UNet2dConfig ReadConfig(string path)
    {
        var kind = SegmentationModelFile.Detect(path);
        if (kind != SegmentationModelKind.UNet2dBaseline)
            throw new InvalidDataException($"'{path}' is an {kind} model file, not a baseline U-Net file; load it with SdSegModelFile.");
        return UNet2dConfigYaml.Parse(SafetensorsCheckpoint.ReadMetadata(path)[ConfigMetadataKey], path + " (metadata)");
    }

    /// <summary>
    /// Builds the network of the file's own config and loads every tensor into it (on the CPU, in eval mode). Any missing,
    /// unexpected or mis-shaped key refuses the whole load.
    /// </summary>
    public static UNet2d Load(string path)
    {
        var config = ReadConfig(path);
        var tensors = SafetensorsCheckpoint.Load(path);
        var model = new UNet2d(config);
        try
        {
            StateDictLoader.Load(model, tensors, StateDictLoadOptions.Strict, path);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
    }
}
