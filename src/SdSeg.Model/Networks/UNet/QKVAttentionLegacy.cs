using static TorchSharp.torch;

namespace SdSeg.Model.Networks.UNet;

/// <summary>
/// The official <c>QKVAttentionLegacy</c>: input [B, H*3*C, T] is split into heads first and then into q, k, v
/// (channel layout q_h0, k_h0, v_h0, q_h1, ...); q and k are both scaled by 1/sqrt(sqrt(C)); softmax in float32.
/// </summary>
public sealed class QKVAttentionLegacy : nn.Module<Tensor, Tensor>
{
    public QKVAttentionLegacy(int numHeads) : base(nameof(QKVAttentionLegacy))
    {
        if (numHeads < 1)
            throw new ArgumentOutOfRangeException(nameof(numHeads), numHeads, "The head count must be at least 1.");
        NumHeads = numHeads;
        RegisterComponents();
    }

    public int NumHeads { get; }

    public override Tensor forward(Tensor qkv)
    {
        if (qkv.dim() != 3 || qkv.shape[1] % (3 * NumHeads) != 0)
            throw new ArgumentException(
                $"QKV attention expects [B, {3 * NumHeads}*C, T] for {NumHeads} heads; got [{string.Join(", ", qkv.shape)}].", nameof(qkv));

        using var scope = NewDisposeScope();
        long batch = qkv.shape[0], width = qkv.shape[1], length = qkv.shape[2];
        long ch = width / (3 * NumHeads);
        var parts = qkv.reshape(batch * NumHeads, ch * 3, length).split(ch, 1);
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        double scale = 1.0 / Math.Sqrt(Math.Sqrt(ch));
        // einsum("bct,bcs->bts", q*scale, k*scale) as a batched matmul.
        var weight = (q * scale).transpose(1, 2).bmm(k * scale);
        weight = weight.to(float32).softmax(-1).to(weight.dtype);
        // einsum("bts,bcs->bct", weight, v) as a batched matmul.
        var a = v.bmm(weight.transpose(1, 2));
        return a.reshape(batch, -1, length).MoveToOuterDisposeScope();
    }
}
