using SdSeg.Model.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Training;

/// <summary>
/// The official <c>LitEma</c> (<c>ldm/modules/ema.py</c>): shadow copies of a module's trainable parameters, updated with
/// decay = min(0.9999, (1+n)/(10+n)) where n counts updates (incremented before use), all in float32 as in the official
/// tensor arithmetic. Its state dict has the official names: <c>decay</c> (float32 scalar), <c>num_updates</c> (int32
/// scalar) and one buffer per parameter named with every '.' deleted (<c>diffusion_model.input_blocks.0.0.weight</c> ->
/// <c>diffusion_modelinput_blocks00weight</c>); in a checkpoint they sit under <c>model_ema.</c>.
/// Build it on the module the official code wraps (SDSeg's <c>model</c>, the DiffusionWrapper).
/// </summary>
public sealed class EmaWeights : nn.Module
{
    /// <summary>The checkpoint prefix of the EMA tensors in the official layout.</summary>
    public const string CheckpointPrefix = "model_ema.";

    readonly List<(string Parameter, string Shadow)> _names = [];
    List<Tensor> _stored = [];

    public EmaWeights(nn.Module model, float decay = 0.9999f, bool useNumUpdates = true) : base("LitEma")
    {
        if (decay is < 0f or > 1f)
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "Decay must be between 0 and 1.");
        var first = model.parameters().FirstOrDefault();
        var device = first?.device ?? CPU;
        // Looked up by name when used: moving the module to another device replaces the buffer tensors.
        register_buffer("decay", tensor(decay, ScalarType.Float32, device));
        register_buffer("num_updates", tensor(useNumUpdates ? 0 : -1, ScalarType.Int32, device));

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!parameter.requires_grad)
                continue;
            string shadowName = ShadowName(name);
            if (seen.TryGetValue(shadowName, out string? other))
                throw new ArgumentException($"Parameters '{other}' and '{name}' both become EMA buffer '{shadowName}' once dots are removed.", nameof(model));
            seen[shadowName] = name;
            _names.Add((name, shadowName));
            register_buffer(shadowName, parameter.detach().clone());
        }
    }

    /// <summary>The official buffer name for a parameter: the name with every '.' deleted.</summary>
    public static string ShadowName(string parameterName) => parameterName.Replace(".", "", StringComparison.Ordinal);

    /// <summary>The configured upper bound of the decay (0.9999).</summary>
    public float Decay => Buffers()["decay"].item<float>();

    /// <summary>How many updates ran (-1 when the warm-up formula is off).</summary>
    public int NumUpdates => Buffers()["num_updates"].item<int>();

    /// <summary>The (parameter name, buffer name) pairs this EMA tracks, in parameter order.</summary>
    public IReadOnlyList<(string Parameter, string Shadow)> Names => _names;

    /// <summary>The decay the next <see cref="Update"/> will use, computed as the official code does (float32).</summary>
    public float NextDecay()
    {
        int n = NumUpdates;
        if (n < 0)
            return Decay;
        n += 1;
        return Math.Min(Decay, (float)(1 + n) / (10 + n));
    }

    /// <summary>One EMA step towards the module's current parameters (call after each optimiser step).</summary>
    public void Update(nn.Module model)
    {
        float decay = NextDecay();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        if (NumUpdates >= 0)
            Buffers()["num_updates"].add_(1);
        float oneMinusDecay = 1f - decay;
        var parameters = TrainableParameters(model);
        var buffers = Buffers();
        foreach (var (name, shadowName) in _names)
        {
            var shadow = buffers[shadowName];
            shadow.sub_((shadow - parameters[name]).mul(oneMinusDecay));
        }
    }

    /// <summary>Copies the EMA weights into the module's parameters.</summary>
    public void CopyTo(nn.Module model)
    {
        using var _ = no_grad();
        var parameters = TrainableParameters(model);
        var buffers = Buffers();
        foreach (var (name, shadowName) in _names)
            parameters[name].copy_(buffers[shadowName]);
    }

    /// <summary>Keeps copies of the given parameters, to put back with <see cref="Restore"/>.</summary>
    public void Store(IEnumerable<Parameter> parameters)
    {
        DisposeStored();
        _stored = parameters.Select(p => p.detach().clone()).ToList();
    }

    /// <summary>Puts back the values kept by <see cref="Store"/> (the same parameters, in the same order).</summary>
    public void Restore(IEnumerable<Parameter> parameters)
    {
        var list = parameters.ToList();
        if (list.Count != _stored.Count)
            throw new InvalidOperationException($"Restore got {list.Count} parameters but {_stored.Count} were stored.");
        using (no_grad())
            for (int i = 0; i < list.Count; i++)
                list[i].copy_(_stored[i]);
        DisposeStored();
    }

    /// <summary>The official <c>ema_scope</c>: the module runs on EMA weights until the returned scope is disposed.</summary>
    public IDisposable Apply(nn.Module model)
    {
        var parameters = model.parameters().ToList();
        Store(parameters);
        CopyTo(model);
        return new EmaScope(() => Restore(parameters));
    }

    /// <summary>The EMA state under the official checkpoint names (<c>model_ema.decay</c>, ...), as CPU-independent aliases.</summary>
    public Dictionary<string, Tensor> CheckpointStateDict(string prefix = CheckpointPrefix) =>
        state_dict().ToDictionary(kv => prefix + kv.Key, kv => kv.Value);

    /// <summary>Loads the <paramref name="prefix"/> entries of a full checkpoint state dict; all must match, else nothing is loaded.</summary>
    public LoadReport LoadFrom(IReadOnlyDictionary<string, Tensor> checkpoint, string prefix = CheckpointPrefix, string sourceName = "checkpoint")
    {
        var own = checkpoint.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        if (own.Count == 0)
            throw new CheckpointMismatchException(new LoadReport { Source = sourceName, Missing = state_dict().Keys.Select(k => prefix + k).ToList() },
                $"The checkpoint has no '{prefix}*' entries (trained without EMA?).");
        return StateDictLoader.Load(this, own, StateDictLoadOptions.Strict, $"{sourceName} [{prefix}*]");
    }

    Dictionary<string, Tensor> Buffers() => named_buffers().ToDictionary(b => b.name, b => b.buffer, StringComparer.Ordinal);

    Dictionary<string, Parameter> TrainableParameters(nn.Module model)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        foreach (var (name, _) in _names)
            if (!parameters.TryGetValue(name, out var parameter) || !parameter.requires_grad)
                throw new ArgumentException($"The module has no trainable parameter '{name}' that this EMA tracks; is it the module the EMA was built on?", nameof(model));
        return parameters;
    }

    void DisposeStored()
    {
        foreach (var tensor in _stored)
            tensor.Dispose();
        _stored = [];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            DisposeStored();
        base.Dispose(disposing);
    }
}
