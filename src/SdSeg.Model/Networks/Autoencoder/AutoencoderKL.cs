using SdSeg.Model.Configuration;
using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>
/// The official KL autoencoder (<c>autoencoder.AutoencoderKL</c>, the first stage): <c>encoder</c>, <c>decoder</c>,
/// <c>quant_conv</c> (1x1, 2z -> 2*embed_dim) and <c>post_quant_conv</c> (1x1, embed_dim -> z).
/// </summary>
public sealed class AutoencoderKL : nn.Module
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly Encoder encoder;
    readonly Decoder decoder;
    readonly SafeConv2d quant_conv;
    readonly SafeConv2d post_quant_conv;
#pragma warning restore IDE1006

    public AutoencoderKL(AutoencoderConfig config) : base(nameof(AutoencoderKL))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.DdConfig.DoubleZ)
            throw new ArgumentException("AutoencoderKL needs ddconfig double_z: true (its encoder outputs mean and log-variance).");
        if (config.EmbedDim < 1)
            throw new ArgumentException($"embed_dim must be positive; got {config.EmbedDim}.");
        Config = config;
        int z = config.DdConfig.ZChannels;
        encoder = new Encoder(config.DdConfig);
        decoder = new Decoder(config.DdConfig);
        quant_conv = new SafeConv2d(2 * z, 2 * config.EmbedDim, 1);
        post_quant_conv = new SafeConv2d(config.EmbedDim, z, 1);
        RegisterComponents();
    }

    public AutoencoderConfig Config { get; }

    public Encoder Encoder => encoder;
    public Decoder Decoder => decoder;

    /// <summary>True once <see cref="Freeze"/> ran: parameters need no gradient and the module stays in eval mode.</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>The official first-stage treatment: eval mode, train() a no-op, requires_grad false everywhere.</summary>
    public void Freeze()
    {
        IsFrozen = true;
        foreach (var p in parameters())
            p.requires_grad = false;
        base.train(false);
    }

    /// <summary>Undoes <see cref="Freeze"/> to train the first stage itself (e.g. on masks): parameters need gradients again.</summary>
    public void Unfreeze()
    {
        IsFrozen = false;
        foreach (var p in parameters())
            p.requires_grad = true;
    }

    public override void train(bool train = true) => base.train(train && !IsFrozen);

    /// <summary>Image [B, in_channels, H, W] to the latent posterior (quant_conv applied).</summary>
    public DiagonalGaussianDistribution Encode(Tensor x)
    {
        Tensor moments;
        using (var scope = NewDisposeScope())
            moments = quant_conv.call(encoder.call(x)).MoveToOuterDisposeScope();
        return new DiagonalGaussianDistribution(moments);
    }

    /// <summary>Latent [B, embed_dim, h, w] to an image (post_quant_conv, then the decoder; no tanh).</summary>
    public Tensor Decode(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.dim() != 4 || z.shape[1] != Config.EmbedDim)
            throw new ArgumentException($"Decode expects latents [B, {Config.EmbedDim}, h, w]; got [{string.Join(", ", z.shape)}].", nameof(z));
        using var scope = NewDisposeScope();
        return decoder.call(post_quant_conv.call(z)).MoveToOuterDisposeScope();
    }
}
