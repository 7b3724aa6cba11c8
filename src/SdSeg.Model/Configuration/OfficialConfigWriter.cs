using System.Globalization;
using System.Text;

namespace SdSeg.Model.Configuration;

/// <summary>
/// Writes an <see cref="SdSegConfig"/> as an official-format SDSeg YAML that the official code opens
/// (<c>instantiate_from_config(config.model)</c>) and <see cref="OfficialConfigReader"/> reads back to the same values.
/// Settings of this workbench that the official code has no key for go to a root <c>workbench:</c> section,
/// which the official <c>main.py</c> and <c>slice2seg.py</c> never read.
/// </summary>
public static class OfficialConfigWriter
{
    /// <summary>Writes the YAML to <paramref name="path"/> (UTF-8, no BOM).</summary>
    public static void WriteFile(SdSegConfig config, string path) =>
        File.WriteAllText(path, Write(config), new UTF8Encoding(false));

    /// <summary>The YAML text, with <c>model:</c> at the root.</summary>
    public static string Write(SdSegConfig c)
    {
        var y = new Builder();
        y.Open(0, "model");
        y.Value(1, "base_learning_rate", Float(c.BaseLearningRate));
        y.Value(1, "target", c.ModelTarget);
        y.Open(1, "params");
        y.Value(2, "num_classes", Int(c.NumClasses));
        y.Value(2, "load_only_unet", Bool(c.LoadOnlyUnet));
        if (c.IgnoreKeys.Count > 0)
            y.Value(2, "ignore_keys", List(c.IgnoreKeys.Select(Quote)));
        y.Value(2, "linear_start", Float(c.LinearStart));
        y.Value(2, "linear_end", Float(c.LinearEnd));
        y.Value(2, "num_timesteps_cond", Int(c.NumTimestepsCond));
        y.Value(2, "log_every_t", Int(c.LogEveryT));
        y.Value(2, "timesteps", Int(c.Timesteps));
        y.Value(2, "beta_schedule", Quote(c.BetaSchedule));
        y.Value(2, "loss_type", Quote(c.LossType));
        y.Value(2, "parameterization", Quote(c.Parameterization));
        y.Value(2, "l_simple_weight", Float(c.LSimpleWeight));
        y.Value(2, "original_elbo_weight", Float(c.OriginalElboWeight));
        y.Value(2, "first_stage_key", Quote(c.FirstStageKey));
        y.Value(2, "cond_stage_key", Quote(c.CondStageKey));
        y.Value(2, "conditioning_key", Quote(c.ConditioningKey));
        y.Value(2, "image_size", Int(c.ImageSize));
        y.Value(2, "channels", Int(c.Channels));
        y.Value(2, "cond_stage_trainable", Bool(c.CondStageTrainable));
        y.Value(2, "concat_mode", Bool(c.ConcatMode));
        y.Value(2, "scale_by_std", Bool(c.ScaleByStd));
        // With scale_by_std the factor is learned at step 0 and stored in the checkpoint; 1.0 is the official start value.
        if (!c.ScaleByStd || c.ScaleFactor != 1.0)
            y.Value(2, "scale_factor", Float(c.ScaleFactor));
        y.Value(2, "use_ema", Bool(c.UseEma));
        y.Value(2, "monitor", NullableQuote(c.Monitor));
        y.Value(2, "ckpt_path", NullableQuote(c.CkptPath));

        if (c.UseScheduler)
        {
            y.Open(2, "scheduler_config");
            y.Value(3, "target", OfficialTargets.Scheduler);
            y.Open(3, "params");
            y.Value(4, "warm_up_steps", List([Int(c.WarmUpSteps)]));
            y.Value(4, "cycle_lengths", List([Float(c.CycleLength)]));
            y.Value(4, "f_start", List([Float(c.WarmUpFStart)]));
            y.Value(4, "f_max", List([Float(c.FMax)]));
            y.Value(4, "f_min", List([Float(c.FMin)]));
        }

        var u = c.UNet;
        y.Open(2, "unet_config");
        y.Value(3, "target", OfficialTargets.UNet);
        y.Open(3, "params");
        y.Value(4, "image_size", Int(u.ImageSize));
        y.Value(4, "in_channels", Int(u.InChannels));
        y.Value(4, "out_channels", Int(u.OutChannels));
        y.Value(4, "model_channels", Int(u.ModelChannels));
        y.Value(4, "attention_resolutions", List(u.AttentionResolutions.Select(Int)));
        y.Value(4, "num_res_blocks", Int(u.NumResBlocks));
        y.Value(4, "channel_mult", List(u.ChannelMult.Select(Int)));
        y.Value(4, "num_heads", Int(u.NumHeads));
        y.Value(4, "num_head_channels", Int(u.NumHeadChannels));
        y.Value(4, "num_heads_upsample", Int(u.NumHeadsUpsample));
        y.Value(4, "use_scale_shift_norm", Bool(u.UseScaleShiftNorm));
        y.Value(4, "resblock_updown", Bool(u.ResblockUpdown));
        y.Value(4, "dropout", Float(u.Dropout));
        y.Value(4, "conv_resample", Bool(u.ConvResample));
        y.Value(4, "dims", Int(u.Dims));
        y.Value(4, "legacy", Bool(u.Legacy));
        if (u.NumClasses is int classes)
            y.Value(4, "num_classes", Int(classes));

        y.Open(2, "first_stage_config");
        y.Value(3, "target", OfficialTargets.AutoencoderKL);
        y.Open(3, "params");
        y.Value(4, "embed_dim", Int(c.FirstStage.EmbedDim));
        if (c.FirstStage.Monitor is not null)
            y.Value(4, "monitor", Quote(c.FirstStage.Monitor));
        if (c.FirstStage.CkptPath is not null)
            y.Value(4, "ckpt_path", Quote(c.FirstStage.CkptPath));
        y.Open(4, "ddconfig");
        WriteDdConfig(y, 5, c.FirstStage.DdConfig);
        y.Open(4, "lossconfig");
        y.Value(5, "target", OfficialTargets.IdentityLoss);

        y.Open(2, "cond_stage_config");
        y.Value(3, "target", OfficialTargets.CondStage);
        y.Open(3, "params");
        if (c.CondStage.CkptPath is not null)
            y.Value(4, "ckpt_path", Quote(c.CondStage.CkptPath));
        y.Value(4, "embed_dim", Int(c.CondStage.EmbedDim));
        WriteDdConfig(y, 4, c.CondStage.DdConfig);

        y.Open(0, "workbench");
        y.Value(1, "l_seg_weight", Float(c.LSegWeight));
        y.Value(1, "weight_decay", Float(c.WeightDecay));
        y.Value(1, "inference_timestep_share", Float(c.InferenceTimestepShare));
        y.Value(1, "inference_noise_share", Float(c.InferenceNoiseShare));
        y.Value(1, "inference_noise_seed", Int((int)c.InferenceNoiseSeed));
        y.Value(1, "pixel_loss_weight", Float(c.PixelLossWeight));
        if (c.LearningRateDecayTo is { } decayTo)
            y.Value(1, "lr_decay_to", Float(decayTo));
        y.Value(1, "cond_stage_init", CondStageInitNames.Of(c.CondStageInit));
        y.Value(1, "cond_stage_lr_factor", Float(c.CondStageLearningRateFactor));
        return y.ToString();
    }

    static void WriteDdConfig(Builder y, int indent, DdConfig d)
    {
        y.Value(indent, "double_z", Bool(d.DoubleZ));
        y.Value(indent, "z_channels", Int(d.ZChannels));
        y.Value(indent, "resolution", Int(d.Resolution));
        y.Value(indent, "in_channels", Int(d.InChannels));
        y.Value(indent, "out_ch", Int(d.OutCh));
        y.Value(indent, "ch", Int(d.Ch));
        y.Value(indent, "ch_mult", List(d.ChMult.Select(Int)));
        y.Value(indent, "num_res_blocks", Int(d.NumResBlocks));
        y.Value(indent, "attn_resolutions", List(d.AttnResolutions.Select(Int)));
        y.Value(indent, "dropout", Float(d.Dropout));
    }

    static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A float PyYAML reads as a float too: always a decimal point, and a signed exponent.</summary>
    internal static string Float(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        int e = text.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? text : text[..e];
        string exponent = e < 0 ? "" : text[(e + 1)..];
        if (!mantissa.Contains('.'))
            mantissa += ".0";
        if (exponent.Length == 0)
            return mantissa;
        if (exponent[0] != '-' && exponent[0] != '+')
            exponent = "+" + exponent;
        return $"{mantissa}e{exponent}";
    }

    static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    static string NullableQuote(string? value) => value is null ? "null" : Quote(value);

    static string List(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    sealed class Builder
    {
        readonly StringBuilder _text = new();

        public void Open(int indent, string key) => _text.Append(' ', 2 * indent).Append(key).Append(":\n");

        public void Value(int indent, string key, string value) =>
            _text.Append(' ', 2 * indent).Append(key).Append(": ").Append(value).Append('\n');

        public override string ToString() => _text.ToString();
    }
}
