using System.Reflection;
using SdSeg.Model.Configuration;
using YamlDotNet.RepresentationModel;

namespace SdSeg.Model.Baseline;

/// <summary>
/// Resolves a configuration argument that names a baseline: the <c>unet</c> preset or a YAML file whose root has
/// <c>baseline: unet</c>. Callers ask <see cref="IsBaseline"/> first and fall back to <see cref="ConfigSource"/> for SDSeg.
/// </summary>
public static class BaselineConfigSource
{
    const string ResourceName = "SdSeg.Model.Configuration.Presets.unet.yaml";

    /// <summary>The baseline preset names, as accepted by <see cref="Load"/>.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = [UNet2dConfigYaml.Kind];

    /// <summary>
    /// True for a baseline preset name or an existing YAML file whose root mapping has the <c>baseline</c> key; false for
    /// anything else (an SDSeg preset or config, a missing file), which <see cref="ConfigSource.Load"/> then handles.
    /// </summary>
    public static bool IsBaseline(string presetOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(presetOrPath);
        if (PresetNames.Contains(presetOrPath.Trim().ToLowerInvariant()))
            return true;
        if (!File.Exists(presetOrPath))
            return false;
        YamlStream stream;
        try
        {
            stream = YamlInputLimits.Load(File.ReadAllText(presetOrPath), presetOrPath);
        }
        catch (ConfigurationException)
        {
            // Not a readable baseline config; the SDSeg reader reports what is wrong with it.
            return false;
        }
        return stream.Documents.Count == 1
            && stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.ContainsKey(new YamlScalarNode(UNet2dConfigYaml.KindKey));
    }

    /// <summary>Loads the <c>unet</c> preset (case-insensitive) or a baseline YAML file.</summary>
    public static UNet2dConfig Load(string presetOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(presetOrPath);
        string name = presetOrPath.Trim().ToLowerInvariant();
        if (PresetNames.Contains(name))
            return UNet2dConfigYaml.Parse(PresetText(name), $"preset '{name}'");
        if (File.Exists(presetOrPath))
            return UNet2dConfigYaml.ReadFile(presetOrPath);
        throw new FileNotFoundException(
            $"'{presetOrPath}' is neither a baseline preset ({string.Join(", ", PresetNames)}) nor an existing YAML file.", presetOrPath);
    }

    /// <summary>The YAML text of a baseline preset, e.g. to copy it next to a run as its config.</summary>
    public static string PresetText(string name)
    {
        string key = name.Trim().ToLowerInvariant();
        if (!PresetNames.Contains(key))
            throw new ArgumentException($"'{name}' is not a baseline preset; the baseline presets are {string.Join(", ", PresetNames)}.", nameof(name));
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Preset '{key}' is missing from the assembly's embedded resources (build error).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
