namespace SdSeg.Model.Training;

/// <summary>
/// What one mask-autoencoder step reports: its 0-based index, the total loss, the reconstruction L1 (mean over pixels),
/// the KL per sample (summed over latent elements) and the learning rate.
/// </summary>
public sealed record MaskAutoencoderStepResult(long Step, double Loss, double Reconstruction, double Kl, double LearningRate);
