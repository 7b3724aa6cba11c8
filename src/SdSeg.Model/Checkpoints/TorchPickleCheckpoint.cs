using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SdSeg.Model.Checkpoints;

/// <summary>
/// Reads and writes PyTorch pickles in torch's zip format: a <c>torch.save</c>d state dict, and a PyTorch-Lightning
/// <c>.ckpt</c> (a pickled dict whose <c>state_dict</c> entry holds the tensors, beside optimizer states, epoch and
/// global_step). Uses TorchSharp.PyBridge's pickler and unpickler (Razorvine.Pickle underneath).
/// </summary>
public static class TorchPickleCheckpoint
{
    /// <summary>
    /// Loads the tensors of a <c>torch.save</c>d state dict, or the <c>state_dict</c> entry of a Lightning checkpoint.
    /// </summary>
    public static Dictionary<string, Tensor> LoadStateDict(string path)
    {
        var top = Unpickle(path);
        if (top["state_dict"] is IDictionary nested)
            return ToStateDict(nested, path, "state_dict");
        return ToStateDict(top, path, null);
    }

    /// <summary>Loads a Lightning checkpoint: its state dict, epoch, global step and optimizer states.</summary>
    public static LightningCheckpoint LoadLightning(string path)
    {
        var top = Unpickle(path);
        if (top["state_dict"] is not IDictionary stateDict)
            throw new InvalidDataException($"'{path}' is not a Lightning checkpoint: it has no 'state_dict' entry (entries: {string.Join(", ", Names(top))}).");
        return new LightningCheckpoint
        {
            StateDict = ToStateDict(stateDict, path, "state_dict"),
            Epoch = top["epoch"] is { } epoch ? Convert.ToInt64(epoch) : 0,
            GlobalStep = top["global_step"] is { } step ? Convert.ToInt64(step) : 0,
            LightningVersion = top["pytorch-lightning_version"] as string ?? "",
            OptimizerStates = top["optimizer_states"] is IList optimizers ? optimizers.Cast<object>().ToList() : [],
            EntryNames = Names(top),
        };
    }

    /// <summary>Writes a state dict that Python reads with <c>torch.load</c>.</summary>
    public static void SaveStateDict(string path, IReadOnlyDictionary<string, Tensor> stateDict) =>
        WriteAtomically(path, ToPickleable(stateDict));

    /// <summary>
    /// Writes a Lightning-style checkpoint (<c>epoch</c>, <c>global_step</c>, <c>pytorch-lightning_version</c>,
    /// <c>state_dict</c>, <c>optimizer_states</c>, <c>lr_schedulers</c>) that Python reads with <c>torch.load</c>.
    /// Optimizer states must be pickle-able: dictionaries, lists, numbers, strings and tensors.
    /// </summary>
    public static void SaveLightning(string path, LightningCheckpoint checkpoint)
    {
        var top = new Hashtable
        {
            ["epoch"] = checkpoint.Epoch,
            ["global_step"] = checkpoint.GlobalStep,
            ["pytorch-lightning_version"] = checkpoint.LightningVersion,
            ["state_dict"] = ToPickleable(checkpoint.StateDict),
            ["optimizer_states"] = checkpoint.OptimizerStates.ToList(),
            ["lr_schedulers"] = new List<object>(),
        };
        WriteAtomically(path, top);
    }

    static Dictionary<string, Tensor> ToPickleable(IReadOnlyDictionary<string, Tensor> stateDict) =>
        stateDict.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());

    static void WriteAtomically(string path, IDictionary content)
    {
        string temporary = path + ".partial";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            PyTorchPickler.PickleStateDict(file, content, leaveOpen: true);
        File.Move(temporary, path, overwrite: true);
    }

    static Hashtable Unpickle(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        PythonPickleCompatibility.EnsureRegistered();
        try
        {
            using var file = File.OpenRead(path);
            return PyTorchUnpickler.UnpickleStateDict(file, leaveOpen: true);
        }
        catch (Exception ex) when (ex is NotImplementedException or Razorvine.Pickle.PickleException or InvalidCastException or InvalidDataException)
        {
            throw new InvalidDataException(
                $"'{path}' could not be read as a PyTorch zip pickle ({ex.Message}). If it holds Python objects the reader does not know, " +
                "export its tensors once in Python: torch.save(torch.load(p, map_location='cpu')['state_dict'], 'state_dict.pt'), " +
                "or save them with safetensors.", ex);
        }
    }

    static Dictionary<string, Tensor> ToStateDict(IDictionary source, string path, string? entry)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry item in source)
        {
            string key = item.Key as string ?? throw new InvalidDataException($"'{path}': a state-dict key is not a string ({item.Key}).");
            if (item.Value is not Tensor tensor)
                throw new InvalidDataException(
                    $"'{path}': {(entry is null ? "" : $"entry '{entry}', ")}key '{key}' holds a {item.Value?.GetType().Name ?? "null"}, not a tensor" +
                    (entry is null ? " (a Lightning checkpoint needs a 'state_dict' entry)." : "."));
            result[key] = tensor;
        }
        return result;
    }

    static List<string> Names(IDictionary top) => top.Keys.Cast<object>().Select(k => k.ToString() ?? "").Order(StringComparer.Ordinal).ToList();
}
