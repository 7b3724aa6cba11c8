using static TorchSharp.torch;

namespace SdSeg.Model.Networks.UNet;

/// <summary>
/// The official <c>TimestepEmbedSequential</c>: children named by index; timestep blocks get (x, emb), other layers x.
/// </summary>
public sealed class TimestepEmbedSequential : TimestepBlock
{
    readonly nn.Module[] _layers;

    public TimestepEmbedSequential(params nn.Module[] layers) : base(nameof(TimestepEmbedSequential))
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0)
            throw new ArgumentException("A TimestepEmbedSequential needs at least one layer.", nameof(layers));
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is not (TimestepBlock or nn.Module<Tensor, Tensor>))
                throw new ArgumentException(
                    $"Layer {i} ({layers[i].GetType().Name}) is neither a timestep block nor a single-input module.", nameof(layers));
            register_module(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]);
        }
        _layers = layers;
        RegisterComponents();
    }

    public int Count => _layers.Length;

    public nn.Module this[int index] => _layers[index];

    public override Tensor forward(Tensor x, Tensor emb)
    {
        foreach (var layer in _layers)
            x = layer is TimestepBlock block ? block.call(x, emb) : ((nn.Module<Tensor, Tensor>)layer).call(x);
        return x;
    }
}
