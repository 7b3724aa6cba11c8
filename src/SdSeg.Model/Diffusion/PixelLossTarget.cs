using static TorchSharp.torch;

namespace SdSeg.Model.Diffusion;

/// <summary>What the pixel-space loss compares: the differentiable decoder of scaled latents, and the masks [B, 1, H, W] in {0, 1}.</summary>
public sealed record PixelLossTarget(Func<Tensor, Tensor> Decode, Tensor Masks);
