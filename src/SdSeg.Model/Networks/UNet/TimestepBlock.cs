using static TorchSharp.torch;

namespace SdSeg.Model.Networks.UNet;

/// <summary>A UNet layer whose forward takes the timestep embedding as a second input (the official <c>TimestepBlock</c>).</summary>
public abstract class TimestepBlock : nn.Module<Tensor, Tensor, Tensor>
{
    protected TimestepBlock(string name) : base(name)
    {
    }
}
