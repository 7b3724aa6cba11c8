using static TorchSharp.torch;

namespace SdSeg.Model.Checkpoints;

/// <summary>
/// The parts of a PyTorch-Lightning <c>.ckpt</c> this workbench uses: the model's state dict and the training position.
/// Other entries (optimizer states, schedulers, callbacks) are kept as the unpickled objects.
/// </summary>
public sealed record LightningCheckpoint
{
    public required Dictionary<string, Tensor> StateDict { get; init; }
    public long Epoch { get; init; }
    public long GlobalStep { get; init; }
    /// <summary>The <c>pytorch-lightning_version</c> entry; the official code used 1.4.x.</summary>
    public string LightningVersion { get; init; } = "1.4.2";
    /// <summary>The <c>optimizer_states</c> entry: one object per optimizer (for an Adam(W): dicts with <c>state</c> and <c>param_groups</c>).</summary>
    public IReadOnlyList<object> OptimizerStates { get; init; } = [];
    /// <summary>The names of every top-level entry found in the file.</summary>
    public IReadOnlyList<string> EntryNames { get; init; } = [];
}
