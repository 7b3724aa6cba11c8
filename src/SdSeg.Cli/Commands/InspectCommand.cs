using System.CommandLine;
using System.Globalization;
using SdSeg.Cli.Inspection;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;
using Spectre.Console;

namespace SdSeg.Cli.Commands;

/// <summary><c>sdseg inspect</c>: what a config builds, or what a weights file holds and whether it fits a config.</summary>
public static class InspectCommand
{
    /// <summary>The exit code when <c>--against</c> finds a missing, unexpected or mis-shaped key.</summary>
    public const int MismatchExitCode = 2;

    public static Command Create()
    {
        var target = new Argument<string>("config-or-weights")
        {
            Description = $"A config (a preset: {string.Join(", ", ConfigSource.PresetNames)}; or an official-format .yaml/.yml file) " +
                          "or a weights file (safetensors, a torch.save'd state dict or a Lightning .ckpt).",
        };
        var keys = new Option<bool>("--keys") { Description = "Also list every key with its shape and dtype, one per line (tab-separated)." };
        var against = new Option<string?>("--against")
        {
            Description = "Compare a weights file with the model of this config (preset or YAML) by key name and shape, as predict loads it. " +
                          $"Exit code {MismatchExitCode} when any key is missing, unexpected or mis-shaped, 0 when all match.",
        };

        var command = new Command("inspect",
            "Describe a config (components, parameter counts, pixel and latent size) or a weights file (format, tensors, key prefixes, " +
            "EMA, scale_factor, embedded config) without building a model, unless --against asks for a comparison.");
        command.Arguments.Add(target);
        command.Options.Add(keys);
        command.Options.Add(against);

        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            string name = parse.GetValue(target)!;
            bool listKeys = parse.GetValue(keys);
            string? againstConfig = parse.GetValue(against);
            if (IsConfig(name))
            {
                if (againstConfig is not null)
                    throw new ArgumentException($"--against compares a weights file with a config, but '{name}' is a config.");
                InspectConfig(name, listKeys);
                return Task.FromResult(0);
            }
            return Task.FromResult(InspectWeights(name, listKeys, againstConfig));
        }));
        return command;
    }

    /// <summary>A preset name or a YAML path names a config; any other existing file is read as weights.</summary>
    static bool IsConfig(string name)
    {
        if (ConfigSource.PresetNames.Contains(name.Trim().ToLowerInvariant()))
            return true;
        if (!File.Exists(name))
            throw new FileNotFoundException(
                $"'{name}' is neither a preset ({string.Join(", ", ConfigSource.PresetNames)}) nor an existing config or weights file.", name);
        string extension = Path.GetExtension(name).ToLowerInvariant();
        return extension is ".yaml" or ".yml";
    }

    static void InspectConfig(string name, bool listKeys)
    {
        var config = ConfigSource.Load(name);
        using var model = new SdSegModel(config);
        var size = ModelSize.Of(model);
        AnsiConsole.MarkupLineInterpolated($"[bold]Config[/] {name}");
        var table = new Table().AddColumns("component", "key prefix", "parameters");
        table.AddRow(new Text("UNet"), new Text("model.diffusion_model."), Right(ByteSize.Count(size.UNet)));
        table.AddRow(new Text("first stage (frozen)"), new Text("first_stage_model."), Right(ByteSize.Count(size.FirstStage)));
        table.AddRow(new Text("condition encoder"), new Text("cond_stage_model."), Right(ByteSize.Count(size.ConditionEncoder)));
        table.AddRow(new Text("total"), new Text(ByteSize.Format(size.Total * sizeof(float)) + " as float32"), Right(ByteSize.Count(size.Total)));
        AnsiConsole.Write(table);
        System.Console.Out.WriteLine($"UNet: {Describe(config.UNet)}");
        System.Console.Out.WriteLine($"first stage: {Describe(config.FirstStage)}");
        System.Console.Out.WriteLine($"condition encoder: {Describe(config.CondStage)}");
        PrintSizes(config);
        if (listKeys)
            foreach (var (key, tensor) in model.state_dict())
                System.Console.Out.WriteLine($"{key}\t[{string.Join(", ", tensor.shape)}]\t{tensor.dtype.ToString().ToLowerInvariant()}");
    }

    static int InspectWeights(string path, bool listKeys, string? againstConfig)
    {
        var contents = WeightsFileContents.Read(path);
        AnsiConsole.MarkupLineInterpolated($"[bold]Weights[/] {path}");
        AnsiConsole.MarkupLineInterpolated($"format: {FormatName(contents.Format)}");
        AnsiConsole.MarkupLineInterpolated(
            $"tensors: {contents.Tensors.Count}, {ByteSize.Format(contents.TensorBytes)} of tensor data ({ByteSize.Format(contents.FileBytes)} on disk)");
        var table = new Table().AddColumns("key prefix", "tensors", "size");
        foreach (var (prefix, count, bytes) in contents.Prefixes)
            table.AddRow(new Text(prefix), Right(count.ToString(CultureInfo.InvariantCulture)), Right(ByteSize.Format(bytes)));
        AnsiConsole.Write(table);
        int emaCount = contents.Tensors.Count(t => t.Key.StartsWith(WeightsFileContents.EmaPrefix, StringComparison.Ordinal));
        AnsiConsole.MarkupLineInterpolated($"EMA (model_ema.*): {(emaCount > 0 ? $"present, {emaCount} tensors" : "absent")}");
        AnsiConsole.MarkupLineInterpolated(
            $"scale_factor: {(contents.ScaleFactor is { } scale ? scale.ToString("R", CultureInfo.InvariantCulture) : "absent")}");
        if (contents.EmbeddedConfig is { } embedded)
        {
            AnsiConsole.MarkupLine("embedded config: yes");
            System.Console.Out.WriteLine($"  UNet: {Describe(embedded.UNet)}");
            System.Console.Out.WriteLine($"  first stage: {Describe(embedded.FirstStage)}");
            System.Console.Out.WriteLine($"  condition encoder: {Describe(embedded.CondStage)}");
            PrintSizes(embedded, indent: "  ");
        }
        else
        {
            AnsiConsole.MarkupLine("embedded config: none (pass --config to predict with it)");
        }
        if (listKeys)
            foreach (var tensor in contents.Tensors)
                System.Console.Out.WriteLine($"{tensor.Key}\t{tensor.ShapeText}\t{tensor.DType}");

        if (againstConfig is null)
            return 0;
        var config = ConfigSource.Load(againstConfig);
        using var model = new SdSegModel(config);
        var report = WeightsComparison.Compare(model, contents);
        System.Console.Out.WriteLine(
            $"against {againstConfig}: {report.Loaded.Count} keys match, {report.Missing.Count} missing, {report.Unexpected.Count} unexpected, {report.MisShaped.Count} mis-shaped");
        foreach (string key in report.Missing)
            System.Console.Out.WriteLine($"  missing: {key}");
        foreach (string key in report.Unexpected)
            System.Console.Out.WriteLine($"  unexpected: {key}");
        foreach (var mismatch in report.MisShaped)
            System.Console.Out.WriteLine($"  mis-shaped: {mismatch}");
        return report.IsAcceptable ? 0 : MismatchExitCode;
    }

    static void PrintSizes(SdSegConfig config, string indent = "")
    {
        int factor = config.PixelSize / config.ImageSize;
        System.Console.Out.WriteLine(
            $"{indent}pixel size: {config.PixelSize} x {config.PixelSize}; latent: {config.Channels} x {config.ImageSize} x {config.ImageSize} (downsampling factor {factor}); scale_factor in config: {config.ScaleFactor.ToString("R", CultureInfo.InvariantCulture)}");
    }

    static string Describe(UNetConfig unet) =>
        $"model_channels {unet.ModelChannels}, channel_mult [{string.Join(", ", unet.ChannelMult)}], num_res_blocks {unet.NumResBlocks}, " +
        $"attention at ds [{string.Join(", ", unet.AttentionResolutions)}], " +
        (unet.NumHeadChannels == -1 ? $"{unet.NumHeads} heads" : $"{unet.NumHeadChannels} channels per head") +
        $", in/out channels {unet.InChannels}/{unet.OutChannels}";

    static string Describe(AutoencoderConfig autoencoder) =>
        $"ch {autoencoder.DdConfig.Ch}, ch_mult [{string.Join(", ", autoencoder.DdConfig.ChMult)}], num_res_blocks {autoencoder.DdConfig.NumResBlocks}, " +
        $"z_channels {autoencoder.DdConfig.ZChannels}, embed_dim {autoencoder.EmbedDim}";

    static string FormatName(CheckpointFile.Format format) => format switch
    {
        CheckpointFile.Format.Safetensors => "safetensors",
        _ => "PyTorch zip pickle (a torch.save'd state dict or a Lightning .ckpt)",
    };

    static Text Right(string text) => new(text) { Justification = Justify.Right };
}
