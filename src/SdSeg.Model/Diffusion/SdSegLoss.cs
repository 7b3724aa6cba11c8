using static TorchSharp.torch;

namespace SdSeg.Model.Diffusion;

/// <summary>
/// The loss terms of one SDSeg training step (official <c>p_losses</c>): noise L1, latent-estimation L1, the pixel-space
/// BCE + soft Dice of the decoded estimate when the recipe has one (else null), and their weighted sum.
/// </summary>
public sealed record SdSegLoss(Tensor Total, Tensor Simple, Tensor Seg, Tensor? Pixel = null);
