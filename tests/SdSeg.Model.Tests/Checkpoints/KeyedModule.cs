using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Checkpoints;

/// <summary>A module with exactly the given dotted parameter names and shapes (nested submodules), random values.</summary>
internal sealed class KeyedModule : nn.Module
{
    public KeyedModule(IEnumerable<(string Key, long[] Shape)> entries, string name = "root") : base(name)
    {
        foreach (var group in entries.GroupBy(e => e.Key.Split('.')[0]))
        {
            var leaves = group.Where(e => !e.Key.Contains('.')).ToList();
            foreach (var (key, shape) in leaves)
                register_parameter(key, new TorchSharp.Modules.Parameter(randn(shape)));
            var nested = group.Where(e => e.Key.Contains('.')).Select(e => (e.Key[(e.Key.IndexOf('.') + 1)..], e.Shape)).ToList();
            if (nested.Count > 0)
                register_module(group.Key, new KeyedModule(nested, group.Key));
        }
    }

    public static KeyedModule Of(params (string Key, long[] Shape)[] entries) => new(entries);
}
