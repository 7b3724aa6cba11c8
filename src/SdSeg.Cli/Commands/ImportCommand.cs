using System.CommandLine;
using System.Globalization;
using SdSeg.Cli.Inspection;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;
using SdSeg.Model.Training;
using Spectre.Console;
using TorchSharp;

namespace SdSeg.Cli.Commands;

/// <summary>
/// <c>sdseg import</c>: builds a fresh model of a config, puts the paper's initial weights (or a whole official-layout
/// checkpoint) into it, and writes a self-describing safetensors model file.
/// </summary>
public static class ImportCommand
{
    /// <summary>The safetensors metadata key that records what the file was imported from.</summary>
    public const string SourcesMetadataKey = "sdseg.import.sources";

    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = $"Model configuration: a preset ({string.Join(", ", ConfigSource.PresetNames)}) or an official-format YAML file. Embedded in the output.",
            Required = true,
        };
        var output = new Option<FileInfo>("--out") { Description = "The model file to write (.safetensors), with the config embedded.", Required = true };
        var autoencoder = new Option<FileInfo?>("--autoencoder")
        {
            Description = "The LDM kl-f8 autoencoder checkpoint (e.g. models/first_stage_models/kl-f8/model.ckpt): all of it into first_stage_model, " +
                          "its encoder also into cond_stage_model.encoder (cond_stage_model.out keeps its fresh init; loss.* is skipped).",
        };
        var unet = new Option<FileInfo?>("--unet")
        {
            Description = "The LDM LSUN-Churches checkpoint (models/ldm/lsun_churches256/model.ckpt): its model.diffusion_model.* into the UNet, " +
                          "input_blocks.0.0.weight zero-padded from 4 to 8 input channels (the condition channels start at zero); " +
                          "its EMA, autoencoder and schedule buffers are skipped, as the official init_from_ckpt does.",
        };
        var weights = new Option<FileInfo?>("--weights")
        {
            Description = "A whole state dict in the official key layout (safetensors, torch.save'd dict, or a Lightning .ckpt such as one " +
                          "trained with the official code): every key must match the config's model by name and shape; model_ema.* " +
                          "is kept when present. Cannot be combined with --autoencoder or --unet.",
        };
        var seed = new Option<long>("--seed")
        {
            Description = "Seed of the fresh initialisation (the parts no file provides, e.g. cond_stage_model.out).",
            DefaultValueFactory = _ => 0,
        };

        var command = new Command("import",
            "Build a model of --config, import initial weights (the paper's kl-f8 + LSUN-Churches init) or a whole official-layout " +
            "checkpoint into it, print what was taken, padded, kept fresh or skipped, and write a safetensors model file. " +
            "With no weights option the file holds the seeded random initialisation.");
        foreach (Option option in new Option[] { config, output, autoencoder, unet, weights, seed })
            command.Options.Add(option);

        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(() =>
        {
            var outFile = parse.GetValue(output)!;
            var autoencoderFile = parse.GetValue(autoencoder);
            var unetFile = parse.GetValue(unet);
            var weightsFile = parse.GetValue(weights);
            if (weightsFile is not null && (autoencoderFile is not null || unetFile is not null))
                throw new ArgumentException("--weights imports a whole model; it cannot be combined with --autoencoder or --unet.");
            if (!string.Equals(outFile.Extension, ".safetensors", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--out '{outFile.Name}' must end in .safetensors: the model file is written as safetensors.");
            foreach (var file in new[] { autoencoderFile, unetFile, weightsFile })
                if (file is { Exists: false })
                    throw new FileNotFoundException($"Weights file '{file.FullName}' does not exist.", file.FullName);

            var modelConfig = ConfigSource.Load(parse.GetValue(config)!);
            long seedValue = parse.GetValue(seed);
            torch.manual_seed(seedValue);
            using var model = new SdSegModel(modelConfig);
            List<string> sources = [];
            EmaWeights? ema = null;
            try
            {
                if (autoencoderFile is not null)
                {
                    cancellation.ThrowIfCancellationRequested();
                    Print(InitialWeightsImporter.ImportAutoencoderFile(model, autoencoderFile.FullName).Describe());
                    sources.Add($"autoencoder={autoencoderFile.Name}");
                }
                if (unetFile is not null)
                {
                    cancellation.ThrowIfCancellationRequested();
                    Print(InitialWeightsImporter.ImportUNetFile(model, unetFile.FullName).Describe());
                    sources.Add($"unet={unetFile.Name}");
                }
                if (weightsFile is not null)
                {
                    ema = ImportWholeModel(model, weightsFile.FullName);
                    sources.Add($"weights={weightsFile.Name}");
                }
                if (sources.Count == 0)
                    AnsiConsole.MarkupLineInterpolated($"No weights imported: the model keeps its random initialisation (seed {seedValue}).");

                cancellation.ThrowIfCancellationRequested();
                outFile.Directory?.Create();
                var metadata = new Dictionary<string, string>
                {
                    [SourcesMetadataKey] = sources.Count == 0 ? $"random init, seed {seedValue}" : string.Join("; ", sources) + $"; seed {seedValue}",
                };
                SdSegModelFile.Save(outFile.FullName, model, ema, metadata);
            }
            finally
            {
                ema?.Dispose();
            }
            var size = ModelSize.Of(model);
            System.Console.Out.WriteLine(
                $"Wrote {outFile.FullName} ({ByteSize.Format(new FileInfo(outFile.FullName).Length)}, {ByteSize.Count(size.Total)} parameters, " +
                $"{(ema is null ? "no EMA" : "with EMA")}, scale_factor {model.ScaleFactor.ToString("R", CultureInfo.InvariantCulture)}, config embedded).");
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>Loads a whole official-layout state dict, and its EMA when it has one; returns the EMA (or null).</summary>
    static EmaWeights? ImportWholeModel(SdSegModel model, string path)
    {
        var tensors = CheckpointFile.LoadStateDict(path);
        EmaWeights? ema = null;
        try
        {
            Print(StateDictLoader.Load(model, tensors, StateDictLoadOptions.OfficialWithoutEma, path).Describe());
            if (tensors.Keys.Any(k => k.StartsWith(EmaWeights.CheckpointPrefix, StringComparison.Ordinal)))
            {
                ema = new EmaWeights(model.Model);
                Print(ema.LoadFrom(tensors, sourceName: path).Describe());
            }
            else
            {
                AnsiConsole.MarkupLine("No model_ema.* in the checkpoint: the model file has no EMA weights (predict uses the UNet as it is).");
            }
            return ema;
        }
        catch
        {
            ema?.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    /// <summary>Reports go to stdout as plain lines, so that long key names are never wrapped.</summary>
    static void Print(string report) => System.Console.Out.WriteLine(report);
}
