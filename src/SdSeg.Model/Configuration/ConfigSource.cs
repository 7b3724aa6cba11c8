using System.Reflection;

namespace SdSeg.Model.Configuration;

/// <summary>Resolves a configuration argument: a preset shipped with the assembly (official, small, tiny) or a YAML file path.</summary>
public static class ConfigSource
{
    const string ResourcePrefix = "SdSeg.Model.Configuration.Presets.";

    /// <summary>The preset names, as accepted by <see cref="Load"/>.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["official", "small", "tiny"];

    /// <summary>
    /// Loads a preset by name (case-insensitive) or an official-format YAML file by path. A name that is neither
    /// is an error that lists the presets.
    /// </summary>
    public static SdSegConfig Load(string presetOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(presetOrPath);
        string name = presetOrPath.Trim().ToLowerInvariant();
        if (PresetNames.Contains(name))
            return OfficialConfigReader.Parse(PresetText(name), $"preset '{name}'");
        if (File.Exists(presetOrPath))
            return OfficialConfigReader.ReadFile(presetOrPath);
        throw new FileNotFoundException(
            $"'{presetOrPath}' is neither a preset ({string.Join(", ", PresetNames)}) nor an existing YAML file.", presetOrPath);
    }

    /// <summary>The YAML text of a preset, e.g. to copy it next to a run as its config.yaml.</summary>
    public static string PresetText(string name)
    {
        string key = name.Trim().ToLowerInvariant();
        if (!PresetNames.Contains(key))
            throw new ArgumentException($"'{name}' is not a preset; the presets are {string.Join(", ", PresetNames)}.", nameof(name));
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"{ResourcePrefix}{key}.yaml")
            ?? throw new InvalidOperationException($"Preset '{key}' is missing from the assembly's embedded resources (build error).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
