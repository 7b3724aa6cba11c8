using System.CommandLine;
using SdSeg.Model.Configuration;

namespace SdSeg.Cli.Commands;

/// <summary>The options that name a model: <c>--config</c> and <c>--weights</c>, shared by the commands that load one.</summary>
public sealed class ModelOptions
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = $"Model configuration: a preset ({string.Join(", ", ConfigSource.PresetNames)}) or an official-format YAML file. Defaults to the config stored in the weights file.",
    };

    public Option<FileInfo> Weights { get; } = new("--weights")
    {
        Description = "Weights file: safetensors, a torch.save'd state dict or a Lightning .ckpt, in the official key layout.",
        Required = true,
    };

    public Option<string> Device { get; } = new("--device")
    {
        Description = "auto (CUDA when available), cpu, cuda or cuda:N.",
        DefaultValueFactory = _ => "auto",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Weights);
        command.Options.Add(Device);
    }

}
