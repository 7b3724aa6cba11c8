using SdSeg.Model.Baseline;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Baseline;

public class SoftDiceBceLossTests
{
    [Fact]
    public void Zero_logits_give_ln2_bce_and_the_hand_computed_dice()
    {
        // Image 0: target has 2 of 4 pixels; p = 0.5 everywhere: Dice = (2·1 + 1)/(2 + 2 + 1) = 0.6, loss 0.4.
        // Image 1: target has 4 of 4 pixels: Dice = (2·2 + 1)/(2 + 4 + 1) = 5/7, loss 2/7. Mean = (0.4 + 2/7)/2.
        using var logits = zeros(2, 1, 2, 2);
        using var targets = tensor(new float[] { 1, 0, 1, 0, 1, 1, 1, 1 }).reshape(2, 1, 2, 2);
        using var terms = SoftDiceBceLoss.Compute(logits, targets);
        Assert.Equal(Math.Log(2), terms.Bce.item<float>(), 1e-5);
        Assert.Equal((0.4 + 2.0 / 7) / 2, terms.Dice.item<float>(), 1e-5);
        Assert.Equal(terms.Bce.item<float>() + terms.Dice.item<float>(), terms.Total.item<float>(), 1e-5);
    }

    [Fact]
    public void Bce_matches_its_definition_on_mixed_logits()
    {
        var values = new float[] { 2f, -1f, 0.5f, -3f };
        var truth = new float[] { 1, 0, 0, 1 };
        using var terms = SoftDiceBceLoss.Compute(tensor(values).reshape(1, 1, 2, 2), tensor(truth).reshape(1, 1, 2, 2));
        double expected = values.Zip(truth, (z, y) =>
        {
            double p = 1 / (1 + Math.Exp(-z));
            return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
        }).Average();
        Assert.Equal(expected, terms.Bce.item<float>(), 1e-5);
    }

    [Fact]
    public void Confident_right_predictions_cost_almost_nothing_and_wrong_ones_a_lot()
    {
        using var truth = tensor(new float[] { 1, 0, 0, 1, 0, 0, 0, 0 }).reshape(2, 1, 2, 2);
        using var right = SoftDiceBceLoss.Compute((truth * 2 - 1) * 20, truth);
        using var wrong = SoftDiceBceLoss.Compute((truth * 2 - 1) * -20, truth);
        Assert.True(right.Total.item<float>() < 1e-3, $"right: {right.Total.item<float>()}");
        // Image 0: no overlap, Dice = 1/(2 + 2 + 1); image 1 (empty truth, all predicted): 1/(4 + 0 + 1).
        Assert.Equal((0.8 + 0.8) / 2, wrong.Dice.item<float>(), 1e-4);
        Assert.True(wrong.Bce.item<float>() > 19);
    }

    [Fact]
    public void Shapes_must_match()
    {
        var error = Assert.Throws<ArgumentException>(() => SoftDiceBceLoss.Compute(zeros(1, 1, 4, 4), zeros(1, 1, 4, 2)));
        Assert.Contains("same shape", error.Message);
    }
}
