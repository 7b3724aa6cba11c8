using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SdSeg.Model.Configuration;

/// <summary>
/// One YAML mapping of an official config, read with Python/OmegaConf value rules and with every key accounted for:
/// each key is either read, or ignored on purpose, and <see cref="RejectUnknownKeys"/> names any other.
/// </summary>
internal sealed class YamlSection
{
    readonly YamlMappingNode _node;
    readonly HashSet<string> _accounted = new(StringComparer.Ordinal);

    public YamlSection(YamlMappingNode node, string path, string source)
    {
        _node = node;
        Path = path;
        Source = source;
    }

    public string Path { get; }
    public string Source { get; }

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public ConfigurationException Error(string key, string message) => new(Source, KeyPath(key), message);

    public bool Has(string key) => Find(key) is not null;

    /// <summary>Marks keys that the official code accepts but that change nothing in this model.</summary>
    public void Ignore(params string[] keys)
    {
        foreach (string key in keys)
            _accounted.Add(key);
    }

    public void RejectUnknownKeys()
    {
        var unknown = _node.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "").Where(k => !_accounted.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw Error(unknown[0], unknown.Count == 1
                ? "unknown key; the official code does not accept it here, or it has no meaning for SDSeg."
                : $"unknown key (also unknown here: {string.Join(", ", unknown.Skip(1))}); the official code does not accept it here, or it has no meaning for SDSeg.");
    }

    public YamlSection? Section(string key)
    {
        var node = Find(key);
        if (node is null || IsNull(node))
            return null;
        if (node is not YamlMappingNode mapping)
            throw Error(key, "expected a mapping (nested keys).");
        return new YamlSection(mapping, KeyPath(key), Source);
    }

    public YamlSection RequiredSection(string key) => Section(key) ?? throw Error(key, "required section is missing.");

    public string? String(string key, string? fallback)
    {
        var node = Find(key);
        if (node is null)
            return fallback;
        if (IsNull(node))
            return null;
        return Scalar(key, node);
    }

    public string RequiredString(string key, string fallback) =>
        String(key, fallback) ?? throw Error(key, "must not be null.");

    public double Double(string key, double fallback)
    {
        var node = Find(key);
        return node is null ? fallback : ParseDouble(key, Scalar(key, node));
    }

    public double RequiredDouble(string key)
    {
        if (Find(key) is null)
            throw Error(key, "required key is missing.");
        return Double(key, 0);
    }

    public int Int(string key, int fallback)
    {
        var node = Find(key);
        return node is null ? fallback : ParseInt(key, Scalar(key, node));
    }

    public int? NullableInt(string key, int? fallback)
    {
        var node = Find(key);
        if (node is null)
            return fallback;
        return IsNull(node) ? null : ParseInt(key, Scalar(key, node));
    }

    public int RequiredInt(string key)
    {
        if (Find(key) is null)
            throw Error(key, "required key is missing.");
        return Int(key, 0);
    }

    public bool Bool(string key, bool fallback)
    {
        var node = Find(key);
        if (node is null)
            return fallback;
        string text = Scalar(key, node);
        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(key, $"'{text}' is not a boolean (true or false)."),
        };
    }

    public IReadOnlyList<int> IntList(string key, IReadOnlyList<int> fallback) =>
        List(key, fallback, (k, s) => ParseInt(k, s));

    public IReadOnlyList<double> DoubleList(string key, IReadOnlyList<double> fallback) =>
        List(key, fallback, (k, s) => ParseDouble(k, s));

    public IReadOnlyList<string> StringList(string key, IReadOnlyList<string> fallback) =>
        List(key, fallback, (_, s) => s);

    IReadOnlyList<T> List<T>(string key, IReadOnlyList<T> fallback, Func<string, string, T> parse)
    {
        var node = Find(key);
        if (node is null)
            return fallback;
        if (IsNull(node))
            return [];
        if (node is not YamlSequenceNode sequence)
            throw Error(key, "expected a list, e.g. [1, 2, 4].");
        return sequence.Children.Select((item, i) => parse($"{key}[{i}]", Scalar($"{key}[{i}]", item))).ToList();
    }

    YamlNode? Find(string key)
    {
        _accounted.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    string Scalar(string key, YamlNode node) =>
        node is YamlScalarNode scalar ? scalar.Value ?? "" : throw Error(key, "expected a single value, not a list or mapping.");

    static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } scalar
        && (scalar.Value is null or "" or "~" || scalar.Value.Equals("null", StringComparison.OrdinalIgnoreCase));

    double ParseDouble(string key, string text)
    {
        // OmegaConf reads 1e-5 as a float (plain PyYAML would not); accept both spellings, and underscores as Python does.
        string clean = text.Replace("_", "");
        if (double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            return value;
        string lower = clean.ToLowerInvariant();
        int e = lower.IndexOf('e');
        if (e > 0 && lower[e - 1] == '.' && double.TryParse(lower.Remove(e - 1, 1), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return value;
        throw Error(key, $"'{text}' is not a number.");
    }

    int ParseInt(string key, string text)
    {
        if (int.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            return value;
        throw Error(key, $"'{text}' is not an integer.");
    }
}
