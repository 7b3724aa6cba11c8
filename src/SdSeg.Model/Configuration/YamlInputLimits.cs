using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SdSeg.Model.Configuration;

/// <summary>
/// Bounds on configuration YAML, checked by streaming its events before any tree is built: YamlDotNet builds the tree (and
/// the deserializer its objects) recursively, so a file of 50,000 nested brackets would overflow the stack and end the process.
/// </summary>
public static class YamlInputLimits
{
    /// <summary>Most characters a configuration may have (an official SDSeg config has about 3,000).</summary>
    public const int MaxCharacters = 256 * 1024;

    /// <summary>Deepest nesting of mappings and lists (an official SDSeg config nests 7 deep).</summary>
    public const int MaxDepth = 32;

    /// <summary>Most nodes (keys, values, mappings, lists and aliases) a configuration may have (an official one has about 300).</summary>
    public const int MaxNodes = 20_000;

    /// <summary>Checks <paramref name="yaml"/> against the limits, then loads it; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="ConfigurationException">The text breaks a limit or is not valid YAML.</exception>
    public static YamlStream Load(string yaml, string source)
    {
        Check(yaml, source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ConfigurationException(source, $"line {ex.Start.Line}", $"not valid YAML: {ex.Message}");
        }
        return stream;
    }

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the line where <paramref name="yaml"/> breaks a limit or stops being YAML.</summary>
    public static void Check(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > MaxCharacters)
            throw new ConfigurationException(source, "(file)",
                $"{yaml.Length:N0} characters is more than a configuration may have ({MaxCharacters:N0}); an official SDSeg configuration has about 3,000.");

        // The event parser keeps its state on the heap, so it reads any nesting without recursing; it stops at the first breach.
        var parser = new Parser(new StringReader(yaml));
        int depth = 0, nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        nodes++;
                        if (++depth > MaxDepth)
                            throw new ConfigurationException(source, Line(parser.Current),
                                $"nested more than {MaxDepth} levels deep; an official SDSeg configuration nests 7. Refused before parsing.");
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case Scalar or AnchorAlias:
                        nodes++;
                        break;
                }
                if (nodes > MaxNodes)
                    throw new ConfigurationException(source, Line(parser.Current!),
                        $"more than {MaxNodes:N0} keys, values and lists; an official SDSeg configuration has about 300. Refused before parsing.");
            }
        }
        catch (YamlException ex)
        {
            throw new ConfigurationException(source, $"line {ex.Start.Line}", $"not valid YAML: {ex.Message}");
        }
    }

    static string Line(ParsingEvent e) => $"line {e.Start.Line}";
}
