using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;
using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Model.Checkpoints;

/// <summary>
/// A whole SDSeg model file in the official key layout: <c>model.diffusion_model.*</c>, <c>first_stage_model.*</c>,
/// <c>cond_stage_model.*</c>, schedule buffers, <c>scale_factor</c> and optionally <c>model_ema.*</c>. Safetensors files
/// written here carry the official-format config YAML in their metadata, so they are self-describing.
/// </summary>
public static class SdSegModelFile
{
    /// <summary>The safetensors metadata key that holds the official-format config YAML.</summary>
    public const string ConfigMetadataKey = "sdseg.config_yaml";

    /// <summary>Saves the model (and its EMA, when given) as safetensors with the config in the metadata.</summary>
    public static void Save(string path, SdSegModel model, EmaWeights? ema = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        if (ema is not null)
            foreach (var (key, value) in ema.CheckpointStateDict())
                tensors[key] = value;
        var allMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            [ConfigMetadataKey] = OfficialConfigWriter.Write(model.Config),
        };
        SafetensorsCheckpoint.Save(path, tensors, allMetadata);
    }

    /// <summary>The config stored in a safetensors file written by <see cref="Save"/>, or null when it has none.</summary>
    public static SdSegConfig? ReadConfig(string path)
    {
        if (CheckpointFile.Detect(path) != CheckpointFile.Format.Safetensors) return null;
        return SafetensorsCheckpoint.ReadMetadata(path).TryGetValue(ConfigMetadataKey, out var yaml)
            ? OfficialConfigReader.Parse(yaml, path + " (metadata)")
            : null;
    }

    /// <summary>
    /// Builds the model of <paramref name="config"/> (or of the file's own config) and loads every tensor of
    /// <paramref name="path"/> (safetensors, a torch.save'd state dict, or a Lightning .ckpt). Any missing,
    /// unexpected or mis-shaped key refuses the whole load. EMA weights are loaded when the file has them.
    /// </summary>
    public static LoadedSdSegModel Load(string path, SdSegConfig? config = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Weights file '{path}' does not exist.", path);
        config ??= ReadConfig(path)
            ?? throw new ArgumentException($"'{path}' does not say which configuration it belongs to: pass a config (a preset name or an official YAML).");

        var tensors = CheckpointFile.LoadStateDict(path);
        var model = new SdSegModel(config);
        try
        {
            var report = StateDictLoader.Load(model, tensors, StateDictLoadOptions.OfficialWithoutEma, path);
            EmaWeights? ema = null;
            if (tensors.Keys.Any(k => k.StartsWith(EmaWeights.CheckpointPrefix, StringComparison.Ordinal)))
            {
                ema = new EmaWeights(model.Model);
                ema.LoadFrom(tensors, sourceName: path);
            }
            return new LoadedSdSegModel(model, ema, report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }
}
