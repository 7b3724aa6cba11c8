using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SdSeg.Model.Training;

/// <summary>
/// AdamW's per-parameter state (step, exp_avg, exp_avg_sq) as named tensors, so a training state file keys the moments
/// by parameter name (<c>optimizer_state.{name}.exp_avg</c>) rather than by position, and any safetensors reader can open it.
/// </summary>
internal static class AdamWStateTensors
{
    public const string Prefix = "optimizer_state.";

    /// <summary>The state of <paramref name="parameters"/> (the optimiser's parameters, in its group order) under their names.</summary>
    public static Dictionary<string, Tensor> Export(AdamW optimizer, IReadOnlyList<(string Name, Parameter Parameter)> parameters)
    {
        var states = States(optimizer, parameters.Count);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < parameters.Count; i++)
        {
            string key = Prefix + parameters[i].Name;
            result[key + ".exp_avg"] = states[i].exp_avg;
            result[key + ".exp_avg_sq"] = states[i].exp_avg_sq;
            result[key + ".step"] = tensor(states[i].step, ScalarType.Int64);
        }
        return result;
    }

    /// <summary>The names of the entries <paramref name="source"/> lacks or has with a wrong shape (empty: it can be imported).</summary>
    public static List<string> Problems(IReadOnlyDictionary<string, Tensor> source, IReadOnlyList<(string Name, Parameter Parameter)> parameters)
    {
        var problems = new List<string>();
        foreach (var (name, parameter) in parameters)
        {
            foreach (string part in new[] { ".exp_avg", ".exp_avg_sq" })
            {
                string key = Prefix + name + part;
                if (!source.TryGetValue(key, out var value))
                    problems.Add($"{key} (missing)");
                else if (!value.shape.SequenceEqual(parameter.shape))
                    problems.Add($"{key} (shape [{string.Join(", ", value.shape)}], parameter [{string.Join(", ", parameter.shape)}])");
            }
            if (!source.ContainsKey(Prefix + name + ".step"))
                problems.Add($"{Prefix}{name}.step (missing)");
        }
        return problems;
    }

    /// <summary>Throws, naming the first problems, when <paramref name="source"/> does not hold a state for exactly these parameters.</summary>
    public static void EnsureFits(IReadOnlyDictionary<string, Tensor> source, IReadOnlyList<(string Name, Parameter Parameter)> parameters, string path)
    {
        var problems = Problems(source, parameters);
        if (problems.Count > 0)
            throw new InvalidDataException($"'{path}': the optimiser state does not fit this model: {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? $" and {problems.Count - 5} more" : "")}.");
    }

    /// <summary>Copies the state of every parameter from <paramref name="source"/> (check with <see cref="Problems"/> first).</summary>
    public static void Import(AdamW optimizer, IReadOnlyList<(string Name, Parameter Parameter)> parameters, IReadOnlyDictionary<string, Tensor> source)
    {
        var states = States(optimizer, parameters.Count);
        using var _ = no_grad();
        for (int i = 0; i < parameters.Count; i++)
        {
            string key = Prefix + parameters[i].Name;
            states[i].exp_avg.copy_(source[key + ".exp_avg"]);
            states[i].exp_avg_sq.copy_(source[key + ".exp_avg_sq"]);
            states[i].step = source[key + ".step"].to(ScalarType.Int64).item<long>();
        }
    }

    static List<AdamW.State> States(AdamW optimizer, int expected)
    {
        var states = optimizer.state_dict().State.Cast<AdamW.State>().ToList();
        if (states.Count != expected)
            throw new InvalidOperationException($"The optimiser holds {states.Count} parameter states but {expected} parameters were named.");
        return states;
    }
}
