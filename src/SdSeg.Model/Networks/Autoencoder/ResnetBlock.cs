using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>
/// The autoencoder's residual block (<c>model.ResnetBlock</c> with temb_channels 0): <c>norm1</c>, SiLU, <c>conv1</c>,
/// <c>norm2</c>, SiLU, <c>dropout</c>, <c>conv2</c>, plus a 1x1 <c>nin_shortcut</c> when the channel count changes.
/// </summary>
public sealed class ResnetBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly nn.Module<Tensor, Tensor> norm1;
    readonly SafeConv2d conv1;
    readonly nn.Module<Tensor, Tensor> norm2;
    readonly nn.Module<Tensor, Tensor> dropout;
    readonly SafeConv2d conv2;
    readonly SafeConv2d? nin_shortcut;
#pragma warning restore IDE1006

    public ResnetBlock(int inChannels, int? outChannels, double dropout) : base(nameof(ResnetBlock))
    {
        InChannels = inChannels;
        OutChannels = outChannels ?? inChannels;
        norm1 = AutoencoderNorm.Create(inChannels);
        conv1 = new SafeConv2d(inChannels, OutChannels, 3, padding: 1);
        norm2 = AutoencoderNorm.Create(OutChannels);
        this.dropout = nn.Dropout(dropout);
        conv2 = new SafeConv2d(OutChannels, OutChannels, 3, padding: 1);
        if (InChannels != OutChannels)
            nin_shortcut = new SafeConv2d(inChannels, OutChannels, 1);
        RegisterComponents();
    }

    public int InChannels { get; }
    public int OutChannels { get; }

    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != InChannels)
            throw new ArgumentException($"ResnetBlock expects [B, {InChannels}, H, W]; got [{string.Join(", ", x.shape)}].", nameof(x));

        using var scope = NewDisposeScope();
        var h = conv1.call(InPlace.SiLU(norm1.call(x)));
        h = conv2.call(dropout.call(InPlace.SiLU(norm2.call(h))));
        var shortcut = nin_shortcut is null ? x : nin_shortcut.call(x);
        return InPlace.AddResidual(shortcut, h).MoveToOuterDisposeScope();
    }
}
