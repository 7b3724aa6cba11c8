using System.CommandLine;
using SdSeg.Imaging.Synthetic;
using Spectre.Console;

namespace SdSeg.Cli.Commands;

/// <summary><c>sdseg synth</c>: a seeded synthetic dataset of coloured shapes (images/ + masks/) to try a model or the workbench on.</summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write images/ and masks/ into.", Required = true };
        var count = new Option<int>("--count") { Description = "Image/mask pairs to write.", DefaultValueFactory = _ => 200 };
        var size = new Option<int>("--size") { Description = "Side of the square images in pixels.", DefaultValueFactory = _ => 64 };
        var seed = new Option<int>("--seed") { Description = "Seed of the shapes and colours.", DefaultValueFactory = _ => 0 };
        var command = new Command("synth", "Write a synthetic dataset of coloured shapes whose masks follow from the images (generic images/ + masks/ layout).");
        foreach (Option option in new Option[] { output, count, size, seed })
            command.Options.Add(option);
        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(() =>
        {
            int n = parse.GetValue(count), pixels = parse.GetValue(size);
            if (n is < 1 or > 100_000)
                throw new ArgumentException($"--count must be between 1 and 100000, not {n}.");
            if (pixels is < 8 or > 1024)
                throw new ArgumentException($"--size must be between 8 and 1024 pixels, not {pixels}.");
            var folder = parse.GetValue(output)!.FullName;
            SyntheticDatasetWriter.Write(folder, n, pixels, parse.GetValue(seed));
            AnsiConsole.WriteLine($"Wrote {n} pairs of {pixels}x{pixels} px into {folder}.");
            return Task.FromResult(0);
        }));
        return command;
    }
}
