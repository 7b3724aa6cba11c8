using static TorchSharp.torch;

namespace SdSeg.Model.Networks;

/// <summary>Element-wise steps that write into a fresh temporary when no autograd graph needs the original.</summary>
internal static class InPlace
{
    /// <summary>True when autograd is off, so overwriting a temporary cannot corrupt saved tensors.</summary>
    public static bool Allowed => !is_grad_enabled();

    /// <summary>SiLU of <paramref name="fresh"/>, a temporary the caller owns (overwritten under no_grad).</summary>
    public static Tensor SiLU(Tensor fresh) => nn.functional.silu(fresh, inplace: Allowed);

    /// <summary><paramref name="residual"/> + <paramref name="fresh"/>, adding into <paramref name="fresh"/> under no_grad.</summary>
    public static Tensor AddResidual(Tensor residual, Tensor fresh) => Allowed ? fresh.add_(residual) : residual + fresh;

    /// <summary>
    /// Moves a forward chain on to <paramref name="next"/>, freeing the previous intermediate at once under no_grad so
    /// large activations do not pile up until the enclosing dispose scope ends. The caller's own input is never freed.
    /// </summary>
    public static Tensor Advance(Tensor current, Tensor next, Tensor callerInput)
    {
        if (Allowed && !ReferenceEquals(current, callerInput) && !ReferenceEquals(current, next))
            current.Dispose();
        return next;
    }
}
