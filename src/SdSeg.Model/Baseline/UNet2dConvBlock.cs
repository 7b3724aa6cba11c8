using SdSeg.Model.Networks.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Baseline;

/// <summary>One U-Net level's convolutions: (3x3 convolution, norm, ReLU) twice.</summary>
public sealed class UNet2dConvBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the state-dict names.
    readonly SafeConv2d conv1;
    readonly nn.Module<Tensor, Tensor> norm1;
    readonly SafeConv2d conv2;
    readonly nn.Module<Tensor, Tensor> norm2;
#pragma warning restore IDE1006

    public UNet2dConvBlock(UNet2dConfig config, long inChannels, long outChannels) : base(nameof(UNet2dConvBlock))
    {
        // No conv bias: the norm that follows removes it.
        conv1 = new SafeConv2d(inChannels, outChannels, 3, padding: 1, hasBias: false);
        norm1 = BaselineNorm.Create(config, outChannels);
        conv2 = new SafeConv2d(outChannels, outChannels, 3, padding: 1, hasBias: false);
        norm2 = BaselineNorm.Create(config, outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(norm1.call(conv1.call(input)));
        return nn.functional.relu(norm2.call(conv2.call(x))).MoveToOuterDisposeScope();
    }
}
