using SdSeg.Model.Networks.Layers;
using TorchSharp.Modules;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>The autoencoder's <c>Normalize</c>: GroupNorm with 32 groups and eps 1e-6.</summary>
internal static class AutoencoderNorm
{
    public const double Eps = 1e-6;

    public static GroupNorm Create(int channels)
    {
        if (channels % 32 != 0)
            throw new ArgumentException($"The autoencoder normalises with 32 groups, so channel counts must be multiples of 32; got {channels}.");
        return GroupNorm32.Create(channels, Eps);
    }
}
