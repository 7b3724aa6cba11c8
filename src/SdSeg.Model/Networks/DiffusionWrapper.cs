using SdSeg.Model.Configuration;
using SdSeg.Model.Networks.UNet;
using static TorchSharp.torch;

namespace SdSeg.Model.Networks;

/// <summary>
/// The official <c>DiffusionWrapper</c> with conditioning key "concat": the UNet <c>diffusion_model</c> sees
/// cat([z_t, c], 1), the noisy latent in the first channels and the condition after it.
/// </summary>
public sealed class DiffusionWrapper : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the official state-dict names.
    readonly UNetModel diffusion_model;
#pragma warning restore IDE1006

    public DiffusionWrapper(UNetConfig config) : base(nameof(DiffusionWrapper))
    {
        diffusion_model = new UNetModel(config);
        RegisterComponents();
    }

    public UNetModel DiffusionModel => diffusion_model;

    /// <summary>Predicts the noise for z_t [B, C, h, w] at timesteps t [B] given the condition c [B, C_c, h, w].</summary>
    public override Tensor forward(Tensor zt, Tensor t, Tensor condition) => forward(zt, t, condition, null);

    /// <summary>As <see cref="forward(Tensor, Tensor, Tensor)"/>, with class labels for a class-conditional UNet.</summary>
    public Tensor forward(Tensor zt, Tensor t, Tensor condition, Tensor? classLabels)
    {
        ArgumentNullException.ThrowIfNull(zt);
        ArgumentNullException.ThrowIfNull(condition);
        if (zt.dim() != 4 || condition.dim() != 4 || zt.shape[0] != condition.shape[0] ||
            zt.shape[2] != condition.shape[2] || zt.shape[3] != condition.shape[3])
            throw new ArgumentException(
                $"The noisy latent [{string.Join(", ", zt.shape)}] and the condition [{string.Join(", ", condition.shape)}] must agree in batch and spatial size.");
        long inChannels = zt.shape[1] + condition.shape[1];
        if (inChannels != diffusion_model.Config.InChannels)
            throw new ArgumentException(
                $"The UNet takes {diffusion_model.Config.InChannels} input channels, but latent ({zt.shape[1]}) plus condition ({condition.shape[1]}) give {inChannels}.");
        using var scope = NewDisposeScope();
        return diffusion_model.forward(cat([zt, condition], 1), t, classLabels).MoveToOuterDisposeScope();
    }
}
