using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.UNet;

/// <summary>
/// The official UNet self-attention block (<c>openaimodel.AttentionBlock</c>, legacy head order): <c>norm</c>,
/// <c>qkv</c> (1x1 Conv1d C -> 3C), <c>attention</c>, zero-initialised <c>proj_out</c> (1x1 Conv1d), residual.
/// </summary>
public sealed class AttentionBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly nn.Module<Tensor, Tensor> norm;
    readonly nn.Module<Tensor, Tensor> qkv;
    readonly QKVAttentionLegacy attention;
    readonly nn.Module<Tensor, Tensor> proj_out;
#pragma warning restore IDE1006

    /// <summary>
    /// Heads as the official constructor picks them: <paramref name="numHeads"/> when
    /// <paramref name="numHeadChannels"/> is -1, otherwise channels / numHeadChannels.
    /// </summary>
    public AttentionBlock(int channels, int numHeads = 1, int numHeadChannels = -1) : base(nameof(AttentionBlock))
    {
        if (numHeadChannels == -1)
        {
            NumHeads = numHeads;
        }
        else
        {
            if (numHeadChannels <= 0 || channels % numHeadChannels != 0)
                throw new ArgumentException($"q,k,v channels {channels} are not divisible by num_head_channels {numHeadChannels}.");
            NumHeads = channels / numHeadChannels;
        }
        if (NumHeads < 1 || channels % NumHeads != 0)
            throw new ArgumentException($"Attention over {channels} channels cannot use {NumHeads} heads: the channels must split evenly.");
        Channels = channels;

        norm = GroupNorm32.Create(channels, 1e-5);
        qkv = nn.Conv1d(channels, channels * 3, 1);
        attention = new QKVAttentionLegacy(NumHeads);
        proj_out = ZeroInit.Apply(nn.Conv1d(channels, channels, 1));
        RegisterComponents();
    }

    public int Channels { get; }
    public int NumHeads { get; }

    public override Tensor forward(Tensor x)
    {
        if (x.dim() < 3 || x.shape[1] != Channels)
            throw new ArgumentException($"AttentionBlock expects [B, {Channels}, ...]; got [{string.Join(", ", x.shape)}].", nameof(x));

        using var scope = NewDisposeScope();
        var shape = x.shape;
        var flat = x.reshape(shape[0], shape[1], -1);
        var h = proj_out.call(attention.call(qkv.call(norm.call(flat))));
        return InPlace.AddResidual(flat, h).reshape(shape).MoveToOuterDisposeScope();
    }
}
