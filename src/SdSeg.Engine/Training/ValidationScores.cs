namespace SdSeg.Engine.Training;

/// <summary>
/// One validation pass: the mean Dice of each image's prediction against its own mask, and against the mask of another
/// image (the next one of the subset, cyclically): the condition-shuffle ablation at no extra cost. A model that uses the
/// image scores far lower on the shuffled pairs; one that predicts the same mask for every image scores the same.
/// </summary>
public sealed record ValidationScores(double Dice, double ShuffledDice)
{
    /// <summary>Dice minus shuffled Dice: near 0 means the image is ignored.</summary>
    public double ShuffleDrop => Dice - ShuffledDice;
}
