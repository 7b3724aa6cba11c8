using static TorchSharp.torch;

namespace SdSeg.Model.Diffusion;

/// <summary>
/// What the segmenter returns for a batch: the soft map in [0,1] ([B,H,W]; the mean over samples), the binary mask
/// (soft &gt; 0.5) and, with several samples, the per-pixel standard deviation across samples (null for one sample).
/// </summary>
public sealed record SegmentationOutput(Tensor Soft, Tensor Mask, Tensor? StandardDeviation) : IDisposable
{
    public void Dispose()
    {
        Soft.Dispose();
        Mask.Dispose();
        StandardDeviation?.Dispose();
    }
}
