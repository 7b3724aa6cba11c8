using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Layers;

/// <summary>Group normalisation as the official code builds it, with weight and bias initialised to ones and zeros.</summary>
public static class GroupNorm32
{
    /// <summary>
    /// TorchSharp 0.107 leaves <c>nn.GroupNorm</c>'s affine parameters uninitialised (often NaN); PyTorch starts them at
    /// ones and zeros. The UNet uses eps 1e-5 (<c>normalization()</c>), the autoencoder eps 1e-6 (<c>Normalize()</c>).
    /// </summary>
    public static GroupNorm Create(long channels, double eps, long groups = 32)
    {
        var norm = nn.GroupNorm(groups, channels, eps, affine: true);
        using (no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.fill_(0.0);
        }
        return norm;
    }
}
