using SdSeg.Engine.Datasets;
using SdSeg.Engine.Diagnostics;
using SdSeg.Engine.Training;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Engine.Tests.Training;

namespace SdSeg.Engine.Tests.Diagnostics;

public sealed class ConstantMaskBaselineTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Masks_that_hardly_move_are_matched_almost_exactly()
    {
        // The fixture datasets give every sample the same centred ellipse, on images of slightly different sizes.
        var data = Tests.Training.TrainingFixtures.Dataset(_temp.Path("same"), count: 6);
        var target = _temp.Path("imported");
        new DatasetImporter().Import(DatasetLayoutDetector.Detect(data), target);
        var train = TrainingData.Load(target, DatasetManifest.Read(target).Stems(), 32, 0);

        var baseline = ConstantMaskBaseline.FromTraining(train);

        Assert.InRange(baseline.TrainDice, 0.95, 1.0);
        Assert.Equal(baseline.TrainDice, baseline.MeanDice(train), 1e-9);
    }

    [Fact]
    public void Shapes_at_random_places_leave_the_constant_mask_far_from_perfect()
    {
        var train = ShapesDataset.Load(_temp.Path("train"), 40, seed: 1);
        var other = ShapesDataset.Load(_temp.Path("other"), 20, seed: 2);

        var baseline = ConstantMaskBaseline.FromTraining(train);

        Assert.InRange(baseline.TrainDice, 0.05, 0.6);
        Assert.InRange(baseline.MeanDice(other), 0.05, 0.6);
        Assert.InRange(baseline.Threshold, 0.05, 0.95);
        Assert.Equal(32, baseline.Mask.Width);
    }
}
