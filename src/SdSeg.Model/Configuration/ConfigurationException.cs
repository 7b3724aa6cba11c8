namespace SdSeg.Model.Configuration;

/// <summary>An SDSeg configuration that cannot be used: an unknown key, a bad value, or values that contradict each other.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string source, string key, string message)
        : base($"{source}: {key}: {message}")
    {
        Source = source;
        Key = key;
    }

    /// <summary>The file (or preset) the configuration came from.</summary>
    public new string Source { get; }

    /// <summary>The full dotted YAML key the problem is about, e.g. <c>model.params.unet_config.params.in_channels</c>.</summary>
    public string Key { get; }
}
