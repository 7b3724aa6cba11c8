using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>One resolution level of the decoder (an entry of <c>Decoder.up</c>): <c>block</c>, <c>attn</c>, optional <c>upsample</c>.</summary>
public sealed class DecoderLevel : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly ModuleList<ResnetBlock> block;
    readonly ModuleList<AttnBlock> attn;
    readonly Upsample? upsample;
#pragma warning restore IDE1006

    public DecoderLevel(IEnumerable<ResnetBlock> blocks, IEnumerable<AttnBlock> attentions, Upsample? upsample)
        : base(nameof(DecoderLevel))
    {
        block = nn.ModuleList([.. blocks]);
        attn = nn.ModuleList([.. attentions]);
        if (attn.Count != 0 && attn.Count != block.Count)
            throw new ArgumentException($"A level has either no attention or one per block; got {attn.Count} for {block.Count} blocks.");
        this.upsample = upsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = x;
        for (int i = 0; i < block.Count; i++)
        {
            h = InPlace.Advance(h, block[i].call(h), x);
            if (attn.Count > 0)
                h = InPlace.Advance(h, attn[i].call(h), x);
        }
        return upsample is null ? h : InPlace.Advance(h, upsample.call(h), x);
    }
}
