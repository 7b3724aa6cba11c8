using System.CommandLine;
using SdSeg.Engine.Runs;
using SdSeg.Model.Configuration;

namespace SdSeg.Cli.Commands;

/// <summary>The options that name a model (<c>--model</c>, or <c>--weights</c> with an optional <c>--config</c>) and the device.</summary>
public sealed class ModelOptions
{
    public Option<string?> Model { get; } = new("--model")
    {
        Description = "A training run directory: predicts with its model.safetensors (SDSeg or the baseline U-Net).",
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = $"Model configuration: a preset ({string.Join(", ", ConfigSource.PresetNames)}) or an official-format YAML file. Defaults to the config stored in the weights file.",
    };

    public Option<FileInfo?> Weights { get; } = new("--weights")
    {
        Description = "Weights file: safetensors, a torch.save'd state dict or a Lightning .ckpt, in the official key layout.",
    };

    public Option<string> Device { get; } = new("--device")
    {
        Description = "auto (CUDA when available), cpu, cuda or cuda:N.",
        DefaultValueFactory = _ => "auto",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Config);
        command.Options.Add(Weights);
        command.Options.Add(Device);
    }

    /// <summary>The weights file the parsed options name, with a clear error when they name none or both.</summary>
    public string WeightsFile(ParseResult parse)
    {
        var run = parse.GetValue(Model);
        var weights = parse.GetValue(Weights);
        if (run is not null && weights is not null)
            throw new ArgumentException("Give either --model <run dir> or --weights <file>, not both.");
        if (weights is not null)
            return weights.FullName;
        if (run is null)
            throw new ArgumentException("Name the model: --model <training run directory> or --weights <file> [--config <preset|yaml>].");
        var directory = new RunDirectory(run);
        if (!File.Exists(directory.ModelWeightsFile))
            throw new FileNotFoundException(
                $"'{directory.Path}' has no model.safetensors: it is not a finished training run (resume it with sdseg train --resume, or use --weights with a checkpoint).",
                directory.ModelWeightsFile);
        return directory.ModelWeightsFile;
    }
}
