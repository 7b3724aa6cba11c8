using SdSeg.Model.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Training;

/// <summary>
/// The restore step every trainer shares: read a training state file, check that the module's tensors and the optimiser's
/// state fit (plus the trainer's own checks), and only then copy them all in, so a mismatch changes nothing.
/// </summary>
internal static class TrainingStateRestore
{
    public static void Restore(string path, nn.Module module, StateDictLoadOptions options, AdamW optimizer,
        IReadOnlyList<(string Name, Parameter Parameter)> optimized,
        Action<IReadOnlyDictionary<string, Tensor>>? check = null, Action<IReadOnlyDictionary<string, Tensor>>? apply = null)
    {
        var tensors = SafetensorsCheckpoint.Load(path);
        try
        {
            var report = StateDictLoader.Check(module, tensors, options, path);
            if (!report.IsAcceptable)
                throw new CheckpointMismatchException(report);
            AdamWStateTensors.EnsureFits(tensors, optimized, path);
            check?.Invoke(tensors);

            StateDictLoader.Load(module, tensors, options, path);
            AdamWStateTensors.Import(optimizer, optimized, tensors);
            apply?.Invoke(tensors);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
    }
}
