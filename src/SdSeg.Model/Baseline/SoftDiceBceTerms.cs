using static TorchSharp.torch;

namespace SdSeg.Model.Baseline;

/// <summary>The baseline loss terms as scalar tensors: BCE, soft Dice loss and their sum (the one to back-propagate).</summary>
public sealed record SoftDiceBceTerms(Tensor Bce, Tensor Dice, Tensor Total) : IDisposable
{
    public void Dispose()
    {
        Bce.Dispose();
        Dice.Dispose();
        Total.Dispose();
    }
}
