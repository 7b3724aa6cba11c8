using static TorchSharp.torch;

namespace SdSeg.Engine.Training;

/// <summary>One batch on the chosen device: images [B, 3, P, P] in [−1, 1], masks [B, 3, P, P] in {−1, +1}, and which samples they are.</summary>
public sealed record TrainingBatch(Tensor Images, Tensor Masks, IReadOnlyList<int> Indices) : IDisposable
{
    public void Dispose()
    {
        Images.Dispose();
        Masks.Dispose();
    }
}
