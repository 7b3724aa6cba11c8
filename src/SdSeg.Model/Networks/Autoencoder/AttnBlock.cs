using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.Autoencoder;

/// <summary>
/// The autoencoder's single-head spatial self-attention (<c>model.AttnBlock</c>): <c>norm</c>, 1x1 convs
/// <c>q</c>, <c>k</c>, <c>v</c>, softmax(q^T k * C^-0.5), <c>proj_out</c>, residual.
/// </summary>
public sealed class AttnBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly nn.Module<Tensor, Tensor> norm;
    readonly SafeConv2d q;
    readonly SafeConv2d k;
    readonly SafeConv2d v;
    readonly SafeConv2d proj_out;
#pragma warning restore IDE1006

    public AttnBlock(int channels) : base(nameof(AttnBlock))
    {
        Channels = channels;
        norm = AutoencoderNorm.Create(channels);
        q = new SafeConv2d(channels, channels, 1);
        k = new SafeConv2d(channels, channels, 1);
        v = new SafeConv2d(channels, channels, 1);
        proj_out = new SafeConv2d(channels, channels, 1);
        RegisterComponents();
    }

    public int Channels { get; }

    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != Channels)
            throw new ArgumentException($"AttnBlock expects [B, {Channels}, H, W]; got [{string.Join(", ", x.shape)}].", nameof(x));

        using var scope = NewDisposeScope();
        var hIn = norm.call(x);
        long b = x.shape[0], c = x.shape[1], height = x.shape[2], width = x.shape[3];
        var query = q.call(hIn).reshape(b, c, height * width).permute(0, 2, 1);
        var key = k.call(hIn).reshape(b, c, height * width);
        var weights = query.bmm(key) * Math.Pow(c, -0.5);
        weights = weights.softmax(2);
        var value = v.call(hIn).reshape(b, c, height * width);
        var attended = value.bmm(weights.permute(0, 2, 1)).reshape(b, c, height, width);
        return InPlace.AddResidual(x, proj_out.call(attended)).MoveToOuterDisposeScope();
    }
}
