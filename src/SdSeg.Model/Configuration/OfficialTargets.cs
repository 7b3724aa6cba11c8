namespace SdSeg.Model.Configuration;

/// <summary>The official <c>target:</c> class names that an SDSeg YAML may name for each part of the model.</summary>
public static class OfficialTargets
{
    /// <summary>The rewritten model class (<c>configs/SDSeg/*.yaml</c>).</summary>
    public const string SdSeg = "ldm.models.diffusion.SDSeg.SDSeg";
    /// <summary>The original model class (<c>configs/latent-diffusion/*.yaml</c>); the same model.</summary>
    public const string LatentDiffusion = "ldm.models.diffusion.ddpm.LatentDiffusion";
    public const string UNet = "ldm.modules.diffusionmodules.openaimodel.UNetModel";
    public const string AutoencoderKL = "ldm.models.autoencoder.AutoencoderKL";
    public const string CondStage = "ldm.modules.encoders.modules.AEEncoderEmbedder";
    public const string IdentityLoss = "torch.nn.Identity";
    public const string Scheduler = "ldm.lr_scheduler.LambdaLinearScheduler";
}
