using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.UNet;

/// <summary>The UNet's 2x downsampling (<c>openaimodel.Downsample</c>): a 3x3 stride-2 conv <c>op</c>, or 2x2 average pooling.</summary>
public sealed class Downsample : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly nn.Module<Tensor, Tensor> op;
#pragma warning restore IDE1006

    public Downsample(int channels, bool useConv, int? outChannels = null) : base(nameof(Downsample))
    {
        Channels = channels;
        int outCh = outChannels ?? channels;
        if (useConv)
            op = new SafeConv2d(channels, outCh, 3, stride: 2, padding: 1);
        else if (outCh != channels)
            throw new ArgumentException($"Average-pool downsampling cannot change channels ({channels} -> {outCh}).", nameof(outChannels));
        else
            op = nn.AvgPool2d(2, 2);
        RegisterComponents();
    }

    public int Channels { get; }

    public override Tensor forward(Tensor x)
    {
        if (x.shape[1] != Channels)
            throw new ArgumentException($"Downsample expects {Channels} channels; got {x.shape[1]}.", nameof(x));
        return op.call(x);
    }
}
