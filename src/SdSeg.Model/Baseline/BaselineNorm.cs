using SdSeg.Model.Networks.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Baseline;

/// <summary>The norm layer of a U-Net level, with its affine parameters (and running statistics) set as PyTorch starts them.</summary>
internal static class BaselineNorm
{
    public static nn.Module<Tensor, Tensor> Create(UNet2dConfig config, long channels)
    {
        if (config.Norm == "group")
            return GroupNorm32.Create(channels, 1e-5, config.NormGroups);
        var norm = nn.BatchNorm2d(channels);
        // Set explicitly rather than trusting the binding's defaults (its GroupNorm starts uninitialised).
        using (no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.fill_(0.0);
            norm.running_mean!.fill_(0.0);
            norm.running_var!.fill_(1.0);
        }
        return norm;
    }
}
