using SdSeg.Model.Configuration;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>Checks a <see cref="DdConfig"/> before an encoder or decoder is built from it.</summary>
internal static class DdConfigRules
{
    public static void Validate(DdConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ChMult.Count == 0 || config.ChMult.Any(m => m <= 0))
            throw new ArgumentException($"ddconfig ch_mult must be a non-empty list of positive integers; got [{string.Join(", ", config.ChMult)}].");
        if (config.Ch <= 0 || config.Ch % 32 != 0)
            throw new ArgumentException($"ddconfig ch must be a positive multiple of 32 (GroupNorm with 32 groups); got {config.Ch}.");
        if (config.NumResBlocks < 1)
            throw new ArgumentException($"ddconfig num_res_blocks must be at least 1; got {config.NumResBlocks}.");
        if (config.InChannels < 1 || config.OutCh < 1 || config.ZChannels < 1)
            throw new ArgumentException(
                $"ddconfig in_channels, out_ch and z_channels must be positive; got {config.InChannels}, {config.OutCh}, {config.ZChannels}.");
        if (config.Resolution < 1 << (config.ChMult.Count - 1))
            throw new ArgumentException(
                $"ddconfig resolution {config.Resolution} is too small for {config.ChMult.Count} levels (needs at least {1 << (config.ChMult.Count - 1)}).");
        if (config.Dropout is < 0 or >= 1)
            throw new ArgumentException($"ddconfig dropout must lie in [0, 1); got {config.Dropout}.");
    }
}
