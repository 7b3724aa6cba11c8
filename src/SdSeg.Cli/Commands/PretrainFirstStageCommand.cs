using System.CommandLine;
using System.Globalization;
using SdSeg.Engine.FirstStage;
using SdSeg.Model.Configuration;
using SdSeg.Model.Runtime;
using Spectre.Console;

namespace SdSeg.Cli.Commands;

/// <summary>
/// <c>sdseg pretrain-first-stage</c>: trains a configuration's first stage on synthetic shapes and writes it in the kl-f8
/// layout, as the shipped <c>mask-autoencoder-f8.safetensors</c> was made; use it with <c>sdseg train --first-stage</c>.
/// </summary>
public static class PretrainFirstStageCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The SDSeg preset or YAML whose first_stage_config to train.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The .safetensors file to write (kl-f8 key layout, metadata on how it was made).", Required = true };
        var steps = new Option<int>("--steps") { Description = "Optimisation steps.", DefaultValueFactory = _ => 4000 };
        var batchSize = new Option<int>("--batch-size") { Description = "Synthetic masks per step.", DefaultValueFactory = _ => 16 };
        var size = new Option<int>("--size") { Description = "Side of the synthetic masks in pixels.", DefaultValueFactory = _ => 64 };
        var crop = new Option<int?>("--crop") { Description = "Train on random crops of this side (the held-out score uses whole masks); default: whole masks." };
        var seed = new Option<int>("--seed") { Description = "Seed of the weights and the synthetic masks.", DefaultValueFactory = _ => 0 };
        var klWeight = new Option<double>("--kl-weight") { Description = "Weight of the latent KL term (per pixel).", DefaultValueFactory = _ => 1e-6 };
        var device = new Option<string>("--device") { Description = "auto (CUDA when available), cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var command = new Command("pretrain-first-stage", "Train a first stage (mask autoencoder) on synthetic shapes, as the shipped one was made.");
        foreach (Option option in new Option[] { config, output, steps, batchSize, size, crop, seed, klWeight, device })
            command.Options.Add(option);
        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(() =>
        {
            var sdseg = ConfigSource.Load(parse.GetValue(config)!);
            var options = new MaskAutoencoderPretrainingOptions
            {
                Steps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batchSize),
                PixelSize = parse.GetValue(size),
                CropSize = parse.GetValue(crop),
                Seed = parse.GetValue(seed),
                KlWeight = parse.GetValue(klWeight),
                CommandLine = "sdseg " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
            }.Validated();
            var file = parse.GetValue(output)!.FullName;
            var scores = new MaskAutoencoderPretraining(sdseg.FirstStage, options).Run(file, ComputeDevice.Resolve(parse.GetValue(device)!),
                (step, loss, dice) =>
                {
                    if (dice is { } d)
                        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step}/{options.Steps}: loss {loss:F4}, held-out reconstruction Dice {d:F4}"));
                }, cancellation);
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {file}: held-out synthetic masks reconstruct at Dice {scores.Dice:F4} (L1 {scores.L1:F4})."));
            return Task.FromResult(0);
        }));
        return command;
    }
}
