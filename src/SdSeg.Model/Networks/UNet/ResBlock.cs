using SdSeg.Model.Networks.Layers;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks.UNet;

/// <summary>
/// The official UNet residual block (<c>openaimodel.ResBlock</c>): <c>in_layers</c> [GN, SiLU, conv], <c>emb_layers</c>
/// [SiLU, Linear], <c>out_layers</c> [GN, SiLU, Dropout, zero-initialised conv], an optional up/down resampling
/// (<c>h_upd</c>, <c>x_upd</c>) and a <c>skip_connection</c> (identity, or a conv when the channel count changes).
/// </summary>
public sealed class ResBlock : TimestepBlock
{
    const double NormEps = 1e-5;

#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly nn.Module<Tensor, Tensor> in_layers;
    readonly nn.Module<Tensor, Tensor> h_upd;
    readonly nn.Module<Tensor, Tensor> x_upd;
    readonly nn.Module<Tensor, Tensor> emb_layers;
    readonly nn.Module<Tensor, Tensor> out_layers;
    readonly nn.Module<Tensor, Tensor> skip_connection;
#pragma warning restore IDE1006

    // The same layers as in the sequentials above, held typed so the forward can split them as the official code does.
    readonly nn.Module<Tensor, Tensor>[] _inLayers;
    readonly nn.Module<Tensor, Tensor>[] _outLayers;

    public ResBlock(int channels, int embChannels, double dropout, int? outChannels = null, bool useConv = false,
        bool useScaleShiftNorm = false, bool up = false, bool down = false)
        : base(nameof(ResBlock))
    {
        if (up && down)
            throw new ArgumentException("A ResBlock cannot both upsample and downsample.");
        Channels = channels;
        OutChannels = outChannels ?? channels;
        UseScaleShiftNorm = useScaleShiftNorm;
        UpDown = up || down;

        _inLayers = [GroupNorm32.Create(channels, NormEps), nn.SiLU(), new SafeConv2d(channels, OutChannels, 3, padding: 1)];
        in_layers = nn.Sequential(_inLayers);

        if (up)
        {
            h_upd = new Upsample(channels, false);
            x_upd = new Upsample(channels, false);
        }
        else if (down)
        {
            h_upd = new Downsample(channels, false);
            x_upd = new Downsample(channels, false);
        }
        else
        {
            h_upd = nn.Identity();
            x_upd = nn.Identity();
        }

        emb_layers = nn.Sequential(nn.SiLU(), nn.Linear(embChannels, useScaleShiftNorm ? 2 * OutChannels : OutChannels));

        var outConv = new SafeConv2d(OutChannels, OutChannels, 3, padding: 1);
        ZeroInit.Apply(outConv);
        _outLayers = [GroupNorm32.Create(OutChannels, NormEps), nn.SiLU(), nn.Dropout(dropout), outConv];
        out_layers = nn.Sequential(_outLayers);

        if (OutChannels == channels)
            skip_connection = nn.Identity();
        else if (useConv)
            skip_connection = new SafeConv2d(channels, OutChannels, 3, padding: 1);
        else
            skip_connection = new SafeConv2d(channels, OutChannels, 1);

        RegisterComponents();
    }

    public int Channels { get; }
    public int OutChannels { get; }
    public bool UseScaleShiftNorm { get; }
    public bool UpDown { get; }

    public override Tensor forward(Tensor x, Tensor emb)
    {
        if (x.dim() != 4 || x.shape[1] != Channels)
            throw new ArgumentException($"ResBlock expects [B, {Channels}, H, W]; got [{string.Join(", ", x.shape)}].", nameof(x));

        using var scope = NewDisposeScope();
        Tensor h;
        if (UpDown)
        {
            h = _inLayers[1].call(_inLayers[0].call(x));
            h = h_upd.call(h);
            x = x_upd.call(x);
            h = _inLayers[2].call(h);
        }
        else
        {
            h = in_layers.call(x);
        }

        var embOut = emb_layers.call(emb).to(h.dtype).unsqueeze(-1).unsqueeze(-1);
        if (UseScaleShiftNorm)
        {
            var chunks = embOut.chunk(2, 1);
            var (scale, shift) = (chunks[0], chunks[1]);
            h = _outLayers[0].call(h) * (1 + scale) + shift;
            for (int i = 1; i < _outLayers.Length; i++)
                h = _outLayers[i].call(h);
        }
        else
        {
            h = out_layers.call(h + embOut);
        }
        return InPlace.AddResidual(skip_connection.call(x), h).MoveToOuterDisposeScope();
    }
}
