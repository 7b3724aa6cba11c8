using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Baseline;

/// <summary>
/// The baseline's objective: BCE-with-logits (mean over pixels and batch) plus soft Dice loss, per image
/// 1 − (2·Σp·g + ε) / (Σp + Σg + ε) with p = sigmoid(logit), then the batch mean. ε = 1 keeps an empty mask's
/// loss defined (and pushes its prediction towards empty).
/// </summary>
public static class SoftDiceBceLoss
{
    /// <summary>The smoothing term ε of the soft Dice.</summary>
    public const double Smooth = 1.0;

    /// <summary>Loss terms of logits [B, 1, H, W] against targets [B, 1, H, W] in {0, 1} (float); all scalars, on the logits' device.</summary>
    public static SoftDiceBceTerms Compute(Tensor logits, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (!logits.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"Logits [{string.Join(", ", logits.shape)}] and targets [{string.Join(", ", targets.shape)}] must have the same shape.", nameof(targets));
        using var scope = NewDisposeScope();
        var bce = nn.functional.binary_cross_entropy_with_logits(logits, targets);
        var dice = SoftDiceLoss(sigmoid(logits), targets);
        var total = bce + dice;
        return new SoftDiceBceTerms(bce.MoveToOuterDisposeScope(), dice.MoveToOuterDisposeScope(), total.MoveToOuterDisposeScope());
    }

    /// <summary>The soft Dice loss of probabilities against targets ([B, ...] each), averaged over the batch.</summary>
    public static Tensor SoftDiceLoss(Tensor probabilities, Tensor targets)
    {
        using var scope = NewDisposeScope();
        long batch = probabilities.shape[0];
        var p = probabilities.reshape(batch, -1);
        var g = targets.reshape(batch, -1);
        var overlap = (p * g).sum(1);
        var dice = (2.0 * overlap + Smooth) / (p.sum(1) + g.sum(1) + Smooth);
        return (1.0 - dice).mean().MoveToOuterDisposeScope();
    }
}
