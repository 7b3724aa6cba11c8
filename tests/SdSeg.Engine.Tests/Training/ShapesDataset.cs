using SdSeg.Engine.Datasets;
using SdSeg.Engine.Training;
using SdSeg.Imaging.Synthetic;

namespace SdSeg.Engine.Tests.Training;

/// <summary>Imported synthetic-shape datasets (random shapes at random places, visible in the image) for training and diagnosis tests.</summary>
internal static class ShapesDataset
{
    /// <summary>Writes <paramref name="count"/> pairs of <paramref name="size"/> px into <paramref name="root"/> (generic layout).</summary>
    public static string Write(string root, int count, int size = 32, int seed = 1)
    {
        SyntheticDatasetWriter.Write(root, count, size, seed);
        return root;
    }

    /// <summary>The same, imported, as training data at <paramref name="size"/> px.</summary>
    public static TrainingData Load(string root, int count, int size = 32, int seed = 1)
    {
        var source = Write(Path.Combine(root, "source"), count, size, seed);
        var target = Path.Combine(root, "imported");
        new DatasetImporter().Import(DatasetLayoutDetector.Detect(source), target);
        return TrainingData.Load(target, DatasetManifest.Read(target).Stems(), size, seed);
    }
}
