using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.UNet;

/// <summary>The UNet's 2x upsampling (<c>openaimodel.Upsample</c>): nearest-neighbour x2, then an optional 3x3 <c>conv</c>.</summary>
public sealed class Upsample : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly SafeConv2d? conv;
#pragma warning restore IDE1006

    public Upsample(int channels, bool useConv, int? outChannels = null) : base(nameof(Upsample))
    {
        Channels = channels;
        if (useConv)
            conv = new SafeConv2d(channels, outChannels ?? channels, 3, padding: 1);
        RegisterComponents();
    }

    public int Channels { get; }

    public override Tensor forward(Tensor x)
    {
        if (x.shape[1] != Channels)
            throw new ArgumentException($"Upsample expects {Channels} channels; got {x.shape[1]}.", nameof(x));
        var up = nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        return conv is null ? up : conv.call(up);
    }
}
