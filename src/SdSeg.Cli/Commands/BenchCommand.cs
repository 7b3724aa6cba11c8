using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SdSeg.Cli.Benchmarking;
using SdSeg.Cli.Inspection;
using SdSeg.Model.Configuration;
using SdSeg.Model.Runtime;
using Spectre.Console;
using TorchSharp;

namespace SdSeg.Cli.Commands;

/// <summary><c>sdseg bench</c>: milliseconds per image of single-step prediction, by part, and peak memory, per config.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var configs = new Option<string>("--config")
        {
            Description = $"Comma-separated configs to time: presets ({string.Join(", ", ConfigSource.PresetNames)}) or YAML files.",
            DefaultValueFactory = _ => "official,small",
        };
        var size = new Option<int?>("--size")
        {
            Description = "Pixel size for every config (a multiple of its downsampling factor); by default each config's own (official: 256, small: 128).",
        };
        var images = new Option<int>("--images") { Description = "Timed images per config, after one warm-up image; the median is reported.", DefaultValueFactory = _ => 3 };
        var device = new Option<string>("--device") { Description = "auto (CUDA when available), cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int?>("--threads") { Description = "Torch CPU threads (torch.set_num_threads); by default torch's own choice." };
        var seed = new Option<long>("--seed") { Description = "Seed of the random weights, images and noise.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of a table." };

        var command = new Command("bench",
            "Time single-step prediction (condition encoder, UNet, VAE decoder) one image at a time with random weights " +
            "(the cost does not depend on the weights), and report the process's peak resident memory and, on CUDA, peak device memory.");
        foreach (Option option in new Option[] { configs, size, images, device, threads, seed, json })
            command.Options.Add(option);

        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(() =>
        {
            var names = parse.GetValue(configs)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0)
                throw new ArgumentException("--config names no config.");
            int imageCount = parse.GetValue(images);
            if (imageCount < 1)
                throw new ArgumentException($"--images must be at least 1; got {imageCount}.");
            if (parse.GetValue(threads) is int threadCount)
            {
                if (threadCount < 1) throw new ArgumentException($"--threads must be at least 1; got {threadCount}.");
                torch.set_num_threads(threadCount);
            }
            var computeDevice = ComputeDevice.Resolve(parse.GetValue(device));
            int? forcedSize = parse.GetValue(size);
            // Load every config first, so a bad name fails before minutes of timing.
            var loaded = names.Select(n =>
            {
                var config = ConfigSource.Load(n);
                return (Name: n, Config: forcedSize is int s ? PredictionBenchmark.AtPixelSize(config, s) : config);
            }).ToList();

            bool asJson = parse.GetValue(json);
            List<BenchResult> results = [];
            foreach (var (name, config) in loaded)
            {
                if (!asJson)
                    AnsiConsole.MarkupLineInterpolated($"bench: {name} at {config.PixelSize} px on {computeDevice} (1 warm-up + {imageCount} images)...");
                results.Add(PredictionBenchmark.Run(name, config, computeDevice, imageCount, parse.GetValue(seed), cancellation));
            }
            if (asJson)
                System.Console.Out.WriteLine(JsonSerializer.Serialize(results, JsonOptions));
            else
                PrintTable(results);
            return Task.FromResult(0);
        }));
        return command;
    }

    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    static void PrintTable(IReadOnlyList<BenchResult> results)
    {
        bool onCuda = results.Any(r => r.CudaPeakMiB is not null);
        List<string> headers = ["config", "px", "params", "ms/img", "cond", "UNet", "decoder", "peak RSS MiB"];
        if (onCuda) headers.Add("CUDA peak MiB");
        var table = new Table();
        foreach (string header in headers)
            table.AddColumn(new TableColumn(header).NoWrap());
        foreach (var r in results)
        {
            List<string> cells =
            [
                r.Config, r.PixelSize.ToString(CultureInfo.InvariantCulture), ByteSize.Millions(r.Parameters), Ms(r.TotalMs),
                Ms(r.ConditionEncoderMs), Ms(r.UNetMs), Ms(r.DecoderMs),
                r.PeakRssMiB is { } rss ? Mib(rss) + (r.PeakRssIsPerConfig ? "" : " (process)") : "n/a",
            ];
            if (onCuda) cells.Add(r.CudaPeakMiB is { } gpu ? Mib(gpu) : "n/a");
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        var first = results[0];
        AnsiConsole.WriteLine(
            $"Random weights; device {first.Device}, {first.Threads} torch thread(s); medians of {first.Images} image(s) after 1 warm-up, one image per call. " +
            "cond = condition encoder; UNet = total minus cond and decoder" + (onCuda ? "; CUDA peak = device memory in use (NVML) above the start." : "."));
    }

    static string Ms(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
    static string Mib(double mib) => mib.ToString("F0", CultureInfo.InvariantCulture);
}
