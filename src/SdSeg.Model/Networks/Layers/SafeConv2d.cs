using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SdSeg.Model.Networks.Layers;

/// <summary>
/// A 2D convolution with PyTorch's parameters (<c>weight</c>, <c>bias</c>), default initialisation and numerics, that
/// works around a oneDNN bug: on some x86 CPUs (seen on AVX-512 Zen 5) the input gradient of a k&gt;1, stride-1
/// convolution whose output channel count is not a multiple of 16 comes out wrong or NaN. On CPU such a convolution
/// is computed with its weight zero-padded to the next multiple of 16 output channels and the result sliced back,
/// which is exact and runs at full speed. The parameter keeps its official shape.
/// </summary>
public sealed class SafeConv2d : Module<Tensor, Tensor>
{
    const long ChannelBlock = 16;

#pragma warning disable IDE1006 // Field names are the official state-dict names.
    public readonly Parameter weight;
    public readonly Parameter? bias;
#pragma warning restore IDE1006

    readonly long _stride;
    readonly long _padding;

    public SafeConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool hasBias = true)
        : base(nameof(SafeConv2d))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        _stride = stride;
        _padding = padding;
        weight = new Parameter(empty(outChannels, inChannels, kernelSize, kernelSize));
        bias = hasBias ? new Parameter(empty(outChannels)) : null;
        ResetParameters();
        RegisterComponents();
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long KernelSize { get; }

    /// <summary>PyTorch's default Conv2d initialisation: Kaiming-uniform with a = sqrt(5), bias uniform in +-1/sqrt(fan_in).</summary>
    public void ResetParameters()
    {
        using var _ = no_grad();
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias is not null)
        {
            double bound = 1.0 / Math.Sqrt(InChannels * KernelSize * KernelSize);
            nn.init.uniform_(bias, -bound, bound);
        }
    }

    /// <summary>True where the oneDNN workaround applies: a CPU tensor, a spatial kernel, stride 1, an odd channel count.</summary>
    public bool UsesPaddedWeight(Tensor input) =>
        input.device_type == DeviceType.CPU && KernelSize > 1 && _stride == 1 && OutChannels % ChannelBlock != 0;

    public override Tensor forward(Tensor input)
    {
        if (!UsesPaddedWeight(input))
            return nn.functional.conv2d(input, weight, bias, strides: [_stride, _stride], padding: [_padding, _padding]);

        using var scope = NewDisposeScope();
        long padded = (OutChannels + ChannelBlock - 1) / ChannelBlock * ChannelBlock;
        var w = nn.functional.pad(weight, [0, 0, 0, 0, 0, 0, 0, padded - OutChannels]);
        var b = bias is null ? null : nn.functional.pad(bias, [0, padded - OutChannels]);
        var y = nn.functional.conv2d(input, w, b, strides: [_stride, _stride], padding: [_padding, _padding]);
        return y.narrow(1, 0, OutChannels).MoveToOuterDisposeScope();
    }
}
