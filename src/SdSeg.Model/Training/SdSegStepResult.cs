namespace SdSeg.Model.Training;

/// <summary>
/// What one SDSeg optimisation step reports: its 0-based index, the loss terms (official <c>train/loss</c>,
/// <c>loss_simple</c>, <c>loss_seg</c>, and the pixel-space term when the recipe has one) and the learning rate of the
/// UNet's param group used for the step.
/// </summary>
public sealed record SdSegStepResult(long Step, double Loss, double LossSimple, double LossSeg, double LearningRate, double? LossPixel = null);
