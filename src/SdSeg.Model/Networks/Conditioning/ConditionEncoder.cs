using SdSeg.Model.Configuration;
using SdSeg.Model.Networks.Autoencoder;
using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Conditioning;

/// <summary>
/// The trainable image encoder tau (official <c>AEEncoderEmbedder</c>): an autoencoder <c>encoder</c> followed by a
/// 1x1 conv <c>out</c> (2*z_channels with double_z, else z_channels, to embed_dim); no sampling, no scale factor.
/// </summary>
public sealed class ConditionEncoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly Encoder encoder;
    readonly SafeConv2d @out;
#pragma warning restore IDE1006

    public ConditionEncoder(AutoencoderConfig config) : base(nameof(ConditionEncoder))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.EmbedDim < 1)
            throw new ArgumentException($"embed_dim must be positive; got {config.EmbedDim}.");
        Config = config;
        encoder = new Encoder(config.DdConfig);
        @out = new SafeConv2d(encoder.OutChannels, config.EmbedDim, 1);
        RegisterComponents();
    }

    public AutoencoderConfig Config { get; }

    public Encoder Encoder => encoder;

    /// <summary>Image [B, 3, H, W] in [-1, 1] to the condition latent [B, embed_dim, H/f, W/f].</summary>
    public override Tensor forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        return @out.call(encoder.call(image)).MoveToOuterDisposeScope();
    }
}
