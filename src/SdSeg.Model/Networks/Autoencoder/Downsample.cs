using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>
/// The autoencoder's 2x downsampling (<c>model.Downsample</c>): zero-pad right and bottom by one, then a 3x3 stride-2
/// <c>conv</c> without padding; or 2x2 average pooling without a conv.
/// </summary>
public sealed class Downsample : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly SafeConv2d? conv;
#pragma warning restore IDE1006

    public Downsample(int channels, bool withConv) : base(nameof(Downsample))
    {
        if (withConv)
            conv = new SafeConv2d(channels, channels, 3, stride: 2, padding: 0);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (conv is null)
            return nn.functional.avg_pool2d(x, 2, 2);
        using var scope = NewDisposeScope();
        return conv.call(nn.functional.pad(x, (0, 1, 0, 1))).MoveToOuterDisposeScope();
    }
}
