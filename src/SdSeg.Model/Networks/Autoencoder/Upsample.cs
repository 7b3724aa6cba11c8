using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>The autoencoder's 2x upsampling (<c>model.Upsample</c>): nearest-neighbour x2, then an optional 3x3 <c>conv</c>.</summary>
public sealed class Upsample : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly SafeConv2d? conv;
#pragma warning restore IDE1006

    public Upsample(int channels, bool withConv) : base(nameof(Upsample))
    {
        if (withConv)
            conv = new SafeConv2d(channels, channels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (conv is null)
            return nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        using var scope = NewDisposeScope();
        return conv.call(nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest)).MoveToOuterDisposeScope();
    }
}
