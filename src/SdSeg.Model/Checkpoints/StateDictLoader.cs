using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Checkpoints;

/// <summary>
/// Loads a state dict into a module by key, all or nothing: every key and shape is checked first, and a load with any
/// mismatch outside <see cref="StateDictLoadOptions"/>' allowed prefixes copies nothing and throws
/// <see cref="CheckpointMismatchException"/>. Values are copied into the module's own tensors (its device and dtype).
/// </summary>
public static class StateDictLoader
{
    /// <summary>Compares without copying: what a <see cref="Load"/> would do.</summary>
    public static LoadReport Check(nn.Module module, IReadOnlyDictionary<string, Tensor> source, StateDictLoadOptions? options = null, string sourceName = "checkpoint") =>
        Compare(module.state_dict(), source, options ?? StateDictLoadOptions.Strict, sourceName);

    /// <summary>Loads <paramref name="source"/> into <paramref name="module"/>, or throws without changing anything.</summary>
    public static LoadReport Load(nn.Module module, IReadOnlyDictionary<string, Tensor> source, StateDictLoadOptions? options = null, string sourceName = "checkpoint")
    {
        var target = module.state_dict();
        var report = Compare(target, source, options ?? StateDictLoadOptions.Strict, sourceName);
        if (!report.IsAcceptable)
            throw new CheckpointMismatchException(report);
        using (no_grad())
            foreach (string key in report.Loaded)
                target[key].copy_(source[key]);
        return report with { Applied = true };
    }

    /// <summary>Loads a weights file (see <see cref="CheckpointFile"/>) into <paramref name="module"/>.</summary>
    public static LoadReport LoadFile(nn.Module module, string path, StateDictLoadOptions? options = null)
    {
        var source = CheckpointFile.LoadStateDict(path);
        try
        {
            return Load(module, source, options, path);
        }
        finally
        {
            foreach (var tensor in source.Values)
                tensor.Dispose();
        }
    }

    static LoadReport Compare(IReadOnlyDictionary<string, Tensor> target, IReadOnlyDictionary<string, Tensor> source, StateDictLoadOptions options, string sourceName)
    {
        List<string> loaded = [], missing = [], allowedMissing = [], unexpected = [], allowedUnexpected = [];
        List<ShapeMismatch> misShaped = [];
        foreach (var (key, tensor) in target)
        {
            if (!source.TryGetValue(key, out var value))
                (StartsWithAny(key, options.AllowMissingPrefixes) ? allowedMissing : missing).Add(key);
            else if (!tensor.shape.SequenceEqual(value.shape))
                misShaped.Add(new ShapeMismatch(key, tensor.shape, value.shape));
            else
                loaded.Add(key);
        }
        foreach (string key in source.Keys)
            if (!target.ContainsKey(key))
                (StartsWithAny(key, options.AllowUnexpectedPrefixes) ? allowedUnexpected : unexpected).Add(key);
        return new LoadReport
        {
            Source = sourceName,
            Loaded = loaded,
            Missing = missing,
            Unexpected = unexpected,
            MisShaped = misShaped,
            AllowedMissing = allowedMissing,
            AllowedUnexpected = allowedUnexpected,
        };
    }

    internal static bool StartsWithAny(string key, IReadOnlyList<string> prefixes) =>
        prefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal));
}
