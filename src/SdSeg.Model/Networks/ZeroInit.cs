using static TorchSharp.torch;

namespace SdSeg.Model.Networks;

/// <summary>The official <c>zero_module</c>: sets every parameter of a freshly built layer to zero.</summary>
internal static class ZeroInit
{
    public static T Apply<T>(T module) where T : nn.Module
    {
        using var _ = no_grad();
        foreach (var p in module.parameters())
            p.zero_();
        return module;
    }
}
