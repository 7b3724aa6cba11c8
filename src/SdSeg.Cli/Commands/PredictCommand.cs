using System.CommandLine;
using SdSeg.Cli.Console;
using SdSeg.Engine.Prediction;
using SdSeg.Imaging.Decoding;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Runtime;
using Spectre.Console;

namespace SdSeg.Cli.Commands;

/// <summary><c>sdseg predict</c>: masks (and soft maps) for an image or a folder of images.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var input = new Option<string>("--input") { Description = "An image file or a folder of images.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for <stem>.png masks (0/255, at each input's own size).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the noise drawn once and shared by every image (as the official code does).", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { Description = "Reverse steps: 1 is the paper's single step; more uses DDIM (eta 0).", DefaultValueFactory = _ => 1 };
        var samples = new Option<int>("--samples") { Description = "Samples per image; their soft maps are averaged, and --save-probabilities adds <stem>.std.png.", DefaultValueFactory = _ => 1 };
        var probabilities = new Option<bool>("--save-probabilities") { Description = "Also write <stem>.prob.png, the soft map as 16-bit grayscale (value/65535)." };

        var command = new Command("predict", "Segment images with an SDSeg model.");
        model.AddTo(command);
        foreach (Option option in new Option[] { input, output, seed, steps, samples, probabilities })
            command.Options.Add(option);

        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(async () =>
        {
            var device = ComputeDevice.Resolve(parse.GetValue(model.Device));
            var inputs = PredictionInputs.List(parse.GetValue(input)!);
            var sampling = new SamplingOptions { Seed = parse.GetValue(seed), Steps = parse.GetValue(steps), Samples = parse.GetValue(samples) };
            using var loaded = SegmenterLoader.Load(model.WeightsFile(parse), parse.GetValue(model.Config), device, sampling);
            var pipeline = new PredictionPipeline(loaded.Segmenter, new ImageDecoder());
            var options = new PredictionOptions { SaveProbabilities = parse.GetValue(probabilities) };
            var outFolder = parse.GetValue(output)!.FullName;
            AnsiConsole.MarkupLineInterpolated($"Model: {loaded.Description}");
            await ProgressReporter.RunAsync("predict", inputs.Count, report =>
            {
                pipeline.Run(inputs, outFolder, options, image => report(Path.GetFileName(image.Input)), cancellation);
                return Task.CompletedTask;
            });
            AnsiConsole.MarkupLineInterpolated($"Wrote {inputs.Count} mask(s) to {outFolder}");
            return 0;
        }));
        return command;
    }
}
