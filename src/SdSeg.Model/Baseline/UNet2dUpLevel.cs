using SdSeg.Model.Networks.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Baseline;

/// <summary>One decoder level: up-sample x2 to the skip's channel count, concatenate the skip, then a conv block.</summary>
public sealed class UNet2dUpLevel : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the state-dict names.
    readonly nn.Module<Tensor, Tensor> up;
    readonly UNet2dConvBlock block;
#pragma warning restore IDE1006
    readonly bool _nearest;

    public UNet2dUpLevel(UNet2dConfig config, long inChannels, long skipChannels) : base(nameof(UNet2dUpLevel))
    {
        _nearest = config.Upsample == "nearest";
        up = _nearest
            ? new SafeConv2d(inChannels, skipChannels, 3, padding: 1)
            : nn.ConvTranspose2d(inChannels, skipChannels, 2, stride: 2);
        block = new UNet2dConvBlock(config, 2 * skipChannels, skipChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor skip)
    {
        using var scope = NewDisposeScope();
        var x = _nearest
            ? up.call(nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest))
            : up.call(input);
        return block.call(cat([x, skip], 1)).MoveToOuterDisposeScope();
    }
}
