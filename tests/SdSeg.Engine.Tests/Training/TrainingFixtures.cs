using SdSeg.Engine.Runs;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Engine.Training;

namespace SdSeg.Engine.Tests.Training;

/// <summary>A tiny synthetic dataset and run folders for training tests (tiny preset, CPU).</summary>
public static class TrainingFixtures
{
    /// <summary>Writes <paramref name="count"/> generic images/ + masks/ pairs into <paramref name="root"/>.</summary>
    public static string Dataset(string root, int count = 10)
    {
        SyntheticDatasets.WriteGeneric(root, Enumerable.Range(0, count).Select(i => $"case{i:D2}"));
        return root;
    }

    public static TrainingOptions Options(string data, int steps, int validateEvery = 2) => new()
    {
        Data = data,
        Config = "tiny",
        Steps = steps,
        BatchSize = 2,
        Seed = 3,
        Device = "cpu",
        ValidateEvery = validateEvery,
    };

    public static IReadOnlyList<ProgressEvent> Events(RunDirectory run) => run.ReadProgress().Events;
}
