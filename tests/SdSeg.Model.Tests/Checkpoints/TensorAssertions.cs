using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Checkpoints;

internal static class TensorAssertions
{
    /// <summary>Same shape and bit-identical values (TorchSharp 0.107 has no bool-valued <c>torch.equal</c>).</summary>
    public static bool BitEqual(this Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();
}
