using SdSeg.Model.Baseline;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SdSeg.Workbench.Models;

/// <summary>Tells SDSeg and baseline configurations apart the way the engine does: a baseline's YAML root has the <c>baseline</c> key.</summary>
public static class ModelKindReader
{
    public static ModelKind Read(string? config)
    {
        if (string.IsNullOrWhiteSpace(config))
            return ModelKind.Unknown;
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(config));
        }
        catch (YamlException)
        {
            return ModelKind.Unknown;
        }
        if (yaml.Documents.Count != 1 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            return ModelKind.Unknown;
        return root.Children.ContainsKey(new YamlScalarNode(UNet2dConfigYaml.KindKey)) ? ModelKind.Baseline : ModelKind.SdSeg;
    }
}
