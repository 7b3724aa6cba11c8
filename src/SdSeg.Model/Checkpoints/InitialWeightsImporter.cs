using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Checkpoints;

/// <summary>
/// Puts the official initial weights into a fresh SDSeg model (any module whose state-dict keys follow the official
/// layout), as <c>SDSeg.init_from_ckpt</c> and the autoencoder/encoder <c>ckpt_path</c>s do:
/// the LDM kl-f8 autoencoder into <c>first_stage_model.*</c> and its encoder into <c>cond_stage_model.encoder.*</c>;
/// the LDM LSUN-Churches UNet into <c>model.diffusion_model.*</c>, zero-padding the first convolution's input channels.
/// Every check runs before anything is copied, so a failed import leaves the model untouched.
/// </summary>
public static class InitialWeightsImporter
{
    const string FirstStage = "first_stage_model.";
    const string CondEncoder = "cond_stage_model.encoder.";
    const string CondStage = "cond_stage_model.";
    const string UNet = "model.diffusion_model.";

    /// <summary>
    /// Imports the kl-f8 autoencoder from a weights file (Lightning .ckpt, torch state dict or safetensors); with
    /// <paramref name="intoCondStage"/> false only the first stage takes it and the condition encoder keeps its own start.
    /// </summary>
    public static ImportReport ImportAutoencoderFile(nn.Module model, string path, bool intoCondStage = true) =>
        WithFile(path, sd => ImportAutoencoder(model, sd, path, intoCondStage));

    /// <summary>Imports the LSUN-Churches LDM UNet from a weights file (Lightning .ckpt, torch state dict or safetensors).</summary>
    public static ImportReport ImportUNetFile(nn.Module model, string path) =>
        WithFile(path, sd => ImportUNet(model, sd, path));

    /// <summary>
    /// kl-f8 (keys <c>encoder.*</c>, <c>decoder.*</c>, <c>quant_conv.*</c>, <c>post_quant_conv.*</c>, <c>loss.*</c>):
    /// all of it into <c>first_stage_model.*</c>, its <c>encoder.*</c> also into <c>cond_stage_model.encoder.*</c>.
    /// <c>cond_stage_model.out</c> keeps its fresh initialisation; <c>loss.*</c> (LPIPS and discriminator) is skipped.
    /// </summary>
    public static ImportReport ImportAutoencoder(nn.Module model, IReadOnlyDictionary<string, Tensor> klF8, string sourceName = "kl-f8", bool intoCondStage = true)
    {
        var target = model.state_dict();
        var plan = new Dictionary<string, string>(StringComparer.Ordinal); // module key -> checkpoint key
        foreach (string key in target.Keys)
        {
            if (key.StartsWith(FirstStage, StringComparison.Ordinal))
                plan[key] = key[FirstStage.Length..];
            else if (intoCondStage && key.StartsWith(CondEncoder, StringComparison.Ordinal))
                plan[key] = "encoder." + key[CondEncoder.Length..];
        }
        if (!plan.Keys.Any(k => k.StartsWith(FirstStage, StringComparison.Ordinal)))
            throw new ArgumentException($"The module has no '{FirstStage}*' keys; it is not an SDSeg model.", nameof(model));

        var used = plan.Values.ToHashSet(StringComparer.Ordinal);
        List<string> missing = [];
        List<ShapeMismatch> misShaped = [];
        foreach (var (moduleKey, sourceKey) in plan)
        {
            if (!klF8.TryGetValue(sourceKey, out var value))
                missing.Add(sourceKey);
            else if (!target[moduleKey].shape.SequenceEqual(value.shape))
                misShaped.Add(new ShapeMismatch($"{moduleKey} <- {sourceKey}", target[moduleKey].shape, value.shape));
        }
        List<(string, string)> skipped = [];
        List<string> unexpected = [];
        foreach (string key in klF8.Keys.Where(k => !used.Contains(k)).Distinct())
        {
            if (key.StartsWith("loss.", StringComparison.Ordinal))
                skipped.Add((key, "autoencoder training loss (LPIPS, discriminator), not part of SDSeg"));
            else
                unexpected.Add(key);
        }
        ThrowIfMismatched(sourceName, "kl-f8 autoencoder import:", plan.Keys, missing, unexpected, misShaped);

        using (no_grad())
            foreach (var (moduleKey, sourceKey) in plan)
                target[moduleKey].copy_(klF8[sourceKey]);
        return new ImportReport
        {
            Step = intoCondStage ? "kl-f8 autoencoder -> first_stage_model, cond_stage_model.encoder" : "kl-f8 autoencoder -> first_stage_model",
            Source = sourceName,
            Taken = plan.Keys.ToList(),
            KeptFresh = target.Keys.Where(k => k.StartsWith(CondStage, StringComparison.Ordinal) && !plan.ContainsKey(k)).ToList(),
            Skipped = skipped,
        };
    }

    /// <summary>
    /// LSUN-Churches LDM: keys under <c>model.diffusion_model.</c> into the UNet, after checking that the sorted names and
    /// ranks line up one to one. A 4-D weight whose module shape has more input channels (dim 1) gets the pretrained
    /// kernel on the first channels and zeros on the rest (<c>input_blocks.0.0.weight</c> [192,4,3,3] -> [192,8,3,3]).
    /// <c>label_emb.*</c> keeps its fresh initialisation; the checkpoint's EMA, autoencoder and schedule buffers are skipped.
    /// </summary>
    public static ImportReport ImportUNet(nn.Module model, IReadOnlyDictionary<string, Tensor> lsunChurches, string sourceName = "LSUN-Churches LDM")
    {
        var target = model.state_dict();
        var moduleKeys = target.Keys.Where(k => k.StartsWith(UNet, StringComparison.Ordinal) && !k.StartsWith(UNet + "label_emb.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        if (moduleKeys.Count == 0)
            throw new ArgumentException($"The module has no '{UNet}*' keys; it is not an SDSeg model.", nameof(model));

        List<(string, string)> skipped = [];
        foreach (string key in lsunChurches.Keys.Where(k => !k.StartsWith(UNet, StringComparison.Ordinal)))
            skipped.Add((key, SkipReason(key)));
        var sourceKeys = lsunChurches.Keys.Where(k => k.StartsWith(UNet, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        var moduleSet = moduleKeys.ToHashSet(StringComparer.Ordinal);
        var sourceSet = sourceKeys.ToHashSet(StringComparer.Ordinal);
        List<string> missing = moduleKeys.Where(k => !sourceSet.Contains(k)).ToList();
        List<string> unexpected = sourceKeys.Where(k => !moduleSet.Contains(k)).ToList();
        List<ShapeMismatch> misShaped = [];
        List<string> padded = [];
        foreach (string key in moduleKeys.Where(sourceSet.Contains))
        {
            long[] want = target[key].shape, have = lsunChurches[key].shape;
            if (want.SequenceEqual(have))
                continue;
            bool paddable = want.Length == 4 && have.Length == 4 && want[1] > have[1]
                            && want[0] == have[0] && want[2] == have[2] && want[3] == have[3];
            if (paddable)
                padded.Add($"{key}: [{string.Join(", ", have)}] -> [{string.Join(", ", want)}], pretrained on input channels 0-{have[1] - 1}, zeros on {have[1]}-{want[1] - 1}");
            else
                misShaped.Add(new ShapeMismatch(key, want, have));
        }
        ThrowIfMismatched(sourceName, "LSUN-Churches UNet import:", moduleKeys, missing, unexpected, misShaped);

        using (no_grad())
            foreach (string key in moduleKeys)
            {
                var destination = target[key];
                var value = lsunChurches[key];
                if (destination.shape.SequenceEqual(value.shape))
                {
                    destination.copy_(value);
                }
                else
                {
                    destination.zero_();
                    destination.narrow(1, 0, value.shape[1]).copy_(value);
                }
            }
        return new ImportReport
        {
            Step = "LSUN-Churches LDM UNet -> model.diffusion_model",
            Source = sourceName,
            Taken = moduleKeys,
            ZeroPadded = padded,
            KeptFresh = target.Keys.Where(k => k.StartsWith(UNet + "label_emb.", StringComparison.Ordinal)).ToList(),
            Skipped = skipped,
        };
    }

    static string SkipReason(string key) =>
        key.StartsWith("model_ema.", StringComparison.Ordinal) ? "EMA of the pretrained UNet; SDSeg's EMA starts from its own weights"
        : key.StartsWith(FirstStage, StringComparison.Ordinal) ? "LSUN-Churches' own autoencoder; SDSeg uses kl-f8"
        : key.StartsWith(CondStage, StringComparison.Ordinal) ? "LSUN-Churches' condition stage; SDSeg has its own"
        : key.Contains('.') ? "not part of the UNet"
        : "diffusion schedule buffer or scale_factor; SDSeg builds its own";

    static void ThrowIfMismatched(string sourceName, string context, IEnumerable<string> planned, List<string> missing, List<string> unexpected, List<ShapeMismatch> misShaped)
    {
        if (missing.Count + unexpected.Count + misShaped.Count == 0)
            return;
        var report = new LoadReport
        {
            Source = sourceName,
            Loaded = planned.Except(missing).ToList(),
            Missing = missing,
            Unexpected = unexpected,
            MisShaped = misShaped,
        };
        throw new CheckpointMismatchException(report, context);
    }

    static ImportReport WithFile(string path, Func<IReadOnlyDictionary<string, Tensor>, ImportReport> import)
    {
        var source = CheckpointFile.LoadStateDict(path);
        try
        {
            return import(source);
        }
        finally
        {
            foreach (var tensor in source.Values)
                tensor.Dispose();
        }
    }
}
