using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SdSeg.Engine.Datasets;
using SdSeg.Engine.Diagnostics;
using SdSeg.Engine.Runs;
using SdSeg.Engine.Training;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Runtime;
using Spectre.Console;

namespace SdSeg.Cli.Commands;

/// <summary>
/// <c>sdseg diagnose</c>: does a trained SDSeg model use the image? The condition-shuffle ablation, the constant mask,
/// losses by timestep range, the condition's scale and the gradient reaching the condition encoder, on a subset of the
/// run's own split.
/// </summary>
public static class DiagnoseCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "A finished SDSeg train run directory (model.safetensors, split/, its dataset).", Required = true };
        var subset = new Option<string>("--subset") { Description = "The split subset to diagnose on: validation, test or train.", DefaultValueFactory = _ => "validation" };
        var weights = new Option<string>("--weights") { Description = "model (the kept best model, EMA weights) or last (checkpoints/last.safetensors).", DefaultValueFactory = _ => "model" };
        var seed = new Option<int>("--seed") { Description = "Seed of the inference noise and of the timesteps and noise of the loss rows.", DefaultValueFactory = _ => 0 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 8 };
        var device = new Option<string>("--device") { Description = "auto (CUDA when available), cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the diagnosis as JSON to this file." };

        var command = new Command("diagnose", "Measure whether a trained SDSeg model uses the image (condition shuffle, constant mask, losses by timestep, gradients).");
        foreach (Option option in new Option[] { model, subset, weights, seed, batchSize, device, json })
            command.Options.Add(option);
        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(() =>
        {
            var run = new RunDirectory(parse.GetValue(model)!.FullName);
            string subsetName = parse.GetValue(subset)!;
            string file = parse.GetValue(weights) switch
            {
                "model" => run.ModelWeightsFile,
                "last" => Path.Combine(run.CheckpointsFolder, TrainingPipeline.LastModelFile),
                var other => throw new ArgumentException($"--weights must be model or last, not '{other}'."),
            };
            if (!File.Exists(file))
                throw new FileNotFoundException($"'{file}' does not exist: diagnose needs a trained SDSeg run.", file);
            var (datasetFolder, split) = RunDataset(run);
            var stems = subsetName switch
            {
                "validation" => split.Validation,
                "test" => split.Test,
                "train" => split.Train,
                _ => throw new ArgumentException($"--subset must be validation, test or train, not '{subsetName}'."),
            };
            using var loaded = SdSegModelFile.Load(file);
            var sdseg = loaded.ForInference();
            int pixels = sdseg.Config.PixelSize;
            var deviceUsed = ComputeDevice.Resolve(parse.GetValue(device)!);
            var data = TrainingData.Load(datasetFolder, stems, pixels, parse.GetValue(seed));
            var train = TrainingData.Load(datasetFolder, split.Train, pixels, parse.GetValue(seed));
            var diagnosis = new SdSegDiagnostician(sdseg, deviceUsed, parse.GetValue(seed)).Diagnose(data, subsetName, train, parse.GetValue(batchSize));
            Print(diagnosis, file);
            if (parse.GetValue(json) is { } output)
                File.WriteAllText(output.FullName, JsonSerializer.Serialize(diagnosis, new JsonSerializerOptions { WriteIndented = true }));
            return Task.FromResult(0);
        }));
        return command;
    }

    static (string Folder, DatasetSplit Split) RunDataset(RunDirectory run)
    {
        var spec = run.ReadSpec();
        var own = Path.Combine(run.Path, RunDatasetPreparer.DatasetFolderName);
        string folder = File.Exists(Path.Combine(own, DatasetManifest.FileName)) ? own
            : spec.Data is { } data && File.Exists(Path.Combine(RunDatasetPreparer.ResolvePath(run, data), DatasetManifest.FileName)) ? RunDatasetPreparer.ResolvePath(run, data)
            : throw new InvalidDataException($"'{run.Path}' has no imported dataset (dataset/{DatasetManifest.FileName}) and its spec names none.");
        var splitFolder = Path.Combine(run.Path, DatasetSplit.DefaultFolderName);
        return (folder, DatasetSplit.Read(splitFolder, DatasetManifest.Read(folder).Stems()));
    }

    static void Print(SdSegDiagnosis d, string file)
    {
        string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        AnsiConsole.WriteLine($"Diagnosis of {file} on the {d.Subset} subset ({d.Images} images):");
        AnsiConsole.WriteLine($"  Dice, own condition            {F(d.Dice)}");
        AnsiConsole.WriteLine($"  Dice, another image's condition {F(d.ShuffledConditionDice)}   (drop {F(d.ShuffleDrop)}; near 0: the image is ignored)");
        AnsiConsole.WriteLine($"  Dice, constant mask             {F(d.ConstantMaskDice)}");
        AnsiConsole.WriteLine($"  at t=T-1: mean |z0_hat - z0| {F(d.EstimateErrorAtLastStep)}; mean |z0_hat(own c) - z0_hat(other c)| {F(d.ConditionEffectOnEstimate)}");
        AnsiConsole.WriteLine($"  at t=T-1: mean |z0_hat(noise 1) - z0_hat(noise 2)| {F(d.NoiseEffectOnEstimate)} (the UNet's imprecision in copying its noisy input, amplified ~39x)");
        AnsiConsole.WriteLine("  first stage decoding z0 + N(0, s^2): " + string.Join(", ", d.DecoderRobustness.Select(r => $"s={r.Sigma.ToString("0.0", CultureInfo.InvariantCulture)}: Dice {F(r.Dice)}")));
        AnsiConsole.WriteLine($"  condition latent std {F(d.ConditionStd)}; mask latent z0 std {F(d.LatentStd)}; noise std 1");
        AnsiConsole.WriteLine($"  UNet input conv weight RMS: noisy-latent channels {F(d.InputConvNoiseWeightRms)}, condition channels {F(d.InputConvConditionWeightRms)}");
        AnsiConsole.WriteLine($"  gradient norm (RMS per weight): UNet {F(d.UNetGradientNorm)} ({d.UNetGradientRms:E2}), condition encoder {F(d.CondStageGradientNorm)} ({d.CondStageGradientRms:E2})");
        AnsiConsole.WriteLine("  losses by timestep:   t range      loss_simple  loss_seg");
        foreach (var row in d.LossByTimestep)
            AnsiConsole.WriteLine($"                        {row.From,4}-{row.To,-4}    {F(row.LossSimple)}       {F(row.LossSeg)}");
    }
}
