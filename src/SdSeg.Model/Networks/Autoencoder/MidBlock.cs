using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>The encoder's or decoder's <c>mid</c>: <c>block_1</c>, <c>attn_1</c>, <c>block_2</c>.</summary>
public sealed class MidBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly ResnetBlock block_1;
    readonly AttnBlock attn_1;
    readonly ResnetBlock block_2;
#pragma warning restore IDE1006

    public MidBlock(int channels, double dropout) : base(nameof(MidBlock))
    {
        block_1 = new ResnetBlock(channels, channels, dropout);
        attn_1 = new AttnBlock(channels);
        block_2 = new ResnetBlock(channels, channels, dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => block_2.call(attn_1.call(block_1.call(x)));
}
