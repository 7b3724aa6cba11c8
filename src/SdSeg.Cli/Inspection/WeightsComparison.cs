using SdSeg.Model.Checkpoints;
using SdSeg.Model.Networks;
using SdSeg.Model.Training;

namespace SdSeg.Cli.Inspection;

/// <summary>
/// Compares the tensors a weights file declares with the keys and shapes the model of a config has, by name, with the
/// rules <c>sdseg predict</c> loads by: every model key must be present with its shape, nothing else may be there, and
/// <c>model_ema.*</c> is expected (in full) only when the file has any EMA tensor.
/// </summary>
public static class WeightsComparison
{
    public static LoadReport Compare(SdSegModel model, WeightsFileContents contents)
    {
        var expected = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
        if (contents.HasEma)
        {
            using var ema = new EmaWeights(model.Model);
            foreach (var (key, tensor) in ema.CheckpointStateDict())
                expected[key] = tensor.shape;
        }
        return Compare(expected, contents.Tensors, contents.Path);
    }

    public static LoadReport Compare(IReadOnlyDictionary<string, long[]> expected, IReadOnlyList<TensorEntry> found, string source)
    {
        var foundByKey = found.ToDictionary(t => t.Key, t => t.Shape, StringComparer.Ordinal);
        List<string> loaded = [], missing = [];
        List<ShapeMismatch> misShaped = [];
        foreach (var (key, shape) in expected)
        {
            if (!foundByKey.TryGetValue(key, out var have))
                missing.Add(key);
            else if (!shape.SequenceEqual(have))
                misShaped.Add(new ShapeMismatch(key, shape, have));
            else
                loaded.Add(key);
        }
        return new LoadReport
        {
            Source = source,
            Loaded = loaded,
            Missing = missing,
            Unexpected = found.Select(t => t.Key).Where(k => !expected.ContainsKey(k)).ToList(),
            MisShaped = misShaped,
        };
    }
}
