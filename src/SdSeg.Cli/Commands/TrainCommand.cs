using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using SdSeg.Engine.Execution;
using SdSeg.Engine.Runs;
using SdSeg.Engine.Training;
using SdSeg.Model.Baseline;
using SdSeg.Model.Configuration;
using Spectre.Console;

namespace SdSeg.Cli.Commands;

/// <summary><c>sdseg train</c>: writes a train spec into a run directory and runs it (or resumes a run), with live progress.</summary>
public static partial class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = $"Model configuration: an SDSeg preset ({string.Join(", ", ConfigSource.PresetNames)}) or official-format YAML file, or the baseline U-Net ({string.Join(", ", BaselineConfigSource.PresetNames)}, or a YAML with baseline: unet)." };
        var data = new Option<string?>("--data") { Description = "Dataset: a folder or .zip in a known layout (imported into <out>/dataset/ first), or an imported dataset folder (with dataset.json)." };
        var output = new Option<string?>("--out") { Description = "The run directory to create (spec.json, progress.jsonl, checkpoints/, model.safetensors, ...)." };
        var timeBudget = new Option<string?>("--time-budget") { Description = "Wall time for the whole run, e.g. 30m, 1h30m, 90s or 00:30:00 (first stage ~7% when trained, validation included)." };
        var steps = new Option<int?>("--steps") { Description = "Denoiser optimisation steps (the first stage, when trained, adds a quarter of this)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the batches, the augmentation and the training noise.", DefaultValueFactory = _ => 0 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per optimisation step (the learning rate scales with it, as the official --scale_lr does).", DefaultValueFactory = _ => 4 };
        var device = new Option<string>("--device") { Description = "auto (CUDA when available), cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var validateEvery = new Option<int?>("--val-every") { Description = "Validate (mean Dice on the validation subset, EMA weights) and checkpoint every N denoiser steps; default: 5 times per step budget, or every ~1/8 of a time budget." };
        var split = new Option<string?>("--split") { Description = "A split folder (train.txt, validation.txt, test.txt) instead of a seeded 0.8/0.1/0.1 split." };
        var proportions = new Option<string?>("--split-proportions") { Description = "Train,validation,test proportions of the seeded split, e.g. 0.7,0.1,0.2 (default 0.8,0.1,0.1)." };
        var firstStage = new Option<string?>("--first-stage") { Description = "Pretrained first-stage weights (kl-f8 layout); without them the first stage is trained on the training masks." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this directory (or in --out) from its last checkpoint, with its spec.json.", Arity = ArgumentArity.ZeroOrOne };

        var command = new Command("train", "Train an SDSeg model on a dataset into a run directory.");
        foreach (Option option in new Option[] { config, data, output, timeBudget, steps, seed, batchSize, device, validateEvery, split, proportions, firstStage, resume })
            command.Options.Add(option);

        // Runs synchronously: on SIGINT/SIGTERM the command line's token is cancelled and the run stops after saving a checkpoint,
        // and the action returns only when that checkpoint is written.
        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(() =>
        {
            bool resuming = parse.GetResult(resume) is not null;
            string? folder = parse.GetValue(resume) ?? parse.GetValue(output);
            if (folder is null)
                throw new ArgumentException(resuming ? "--resume needs the run directory (--resume <run dir> or --out <run dir>)." : "--out is required: the run directory to create.");
            var run = new RunDirectory(folder);
            if (!resuming)
            {
                if (parse.GetValue(config) is null || parse.GetValue(data) is null)
                    throw new ArgumentException("--config and --data are required (or --resume <run dir> to continue a run).");
                if (File.Exists(run.SpecFile))
                    throw new InvalidOperationException($"'{run.Path}' already holds a run (spec.json); use --resume to continue it or choose a new --out.");
                var spec = new RunSpec
                {
                    Kind = RunKind.Train,
                    Config = parse.GetValue(config),
                    Data = Path.GetFullPath(parse.GetValue(data)!),
                    SplitFile = parse.GetValue(split) is { } s ? Path.GetFullPath(s) : null,
                    SplitProportions = parse.GetValue(proportions) is { } p ? ParseProportions(p) : null,
                    Model = parse.GetValue(firstStage) is { } f ? Path.GetFullPath(f) : null,
                    Steps = parse.GetValue(steps),
                    TimeBudget = parse.GetValue(timeBudget) is { } t ? ParseDuration(t) : null,
                    BatchSize = parse.GetValue(batchSize),
                    Seed = parse.GetValue(seed),
                    Device = parse.GetValue(device)!,
                };
                RunExecutor.TrainingOptionsFrom(spec).Validated();
                run.WriteSpec(spec);
            }
            return Task.FromResult(Execute(run, resuming, parse.GetValue(validateEvery), cancellation));
        }));
        return command;
    }

    /// <summary>Executes the run's spec with a live display (terminal) or plain lines (redirected); 0 done, 130 cancelled.</summary>
    internal static int Execute(RunDirectory run, bool resume, int? validateEvery, CancellationToken cancellation)
    {
        string status;
        if (AnsiConsole.Profile.Capabilities.Interactive && !System.Console.IsOutputRedirected)
        {
            status = "failed";
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("starting", maxValue: 1);
                    var executor = new RunExecutor(e => Show(task, e), AnsiConsole.WriteLine);
                    status = executor.Execute(run, resume, validateEvery, cancellation);
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            var printer = new PlainPrinter();
            status = new RunExecutor(printer.Print, System.Console.WriteLine).Execute(run, resume, validateEvery, cancellation);
        }
        System.Console.WriteLine(status == "cancelled"
            ? $"Stopped; resume with: sdseg train --resume {run.Path}"
            : $"Run {status}: {run.Path}");
        return status == "cancelled" ? 130 : 0;
    }

    static void Show(ProgressTask task, ProgressEvent e)
    {
        if (e.TotalSteps is { } total && total > 0)
        {
            task.MaxValue = total;
            task.Value = Math.Min(e.Step, total);
        }
        else if (e.EtaSeconds is { } eta)
        {
            task.MaxValue = 1;
            task.Value = Math.Clamp(1 - eta / Math.Max(eta + (DateTimeOffset.UtcNow - task.StartTime.GetValueOrDefault(DateTime.UtcNow)).TotalSeconds, 1e-9), 0, 1);
        }
        task.Description = Markup.Escape(Describe(e));
    }

    static string Describe(ProgressEvent e)
    {
        var text = $"{e.Phase} {e.Step}{(e.TotalSteps is { } t ? "/" + t : "")}";
        if (e.Losses is { } losses && losses.TryGetValue("loss", out var loss))
            text += string.Create(CultureInfo.InvariantCulture, $" loss {loss:F4}");
        if (e.ImagesPerSecond is { } speed)
            text += string.Create(CultureInfo.InvariantCulture, $" {speed:F1} img/s");
        if (e.ValidationDice is { } dice)
            text += string.Create(CultureInfo.InvariantCulture, $" val Dice {dice:F4}");
        if (e.EtaSeconds is { } eta)
            text += $" eta {TimeSpan.FromSeconds(Math.Round(eta)):c}";
        if (e.Message is { } message && e.Losses is null)
            text += $" {message}";
        return text;
    }

    /// <summary>Parses 30m, 1h30m, 90s, 2h or hh:mm:ss.</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        var trimmed = text.Trim();
        if (TimeSpan.TryParseExact(trimmed, [@"hh\:mm\:ss", @"h\:mm\:ss", @"mm\:ss"], CultureInfo.InvariantCulture, out var exact))
            return exact;
        var match = DurationPattern().Match(trimmed);
        if (!match.Success || trimmed.Length == 0)
            throw new ArgumentException($"--time-budget '{text}' is not a duration: write e.g. 30m, 1h30m, 90s or 00:30:00.");
        double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var duration = TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s"));
        if (duration <= TimeSpan.Zero)
            throw new ArgumentException($"--time-budget '{text}' must be longer than zero.");
        return duration;
    }

    [GeneratedRegex(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$")]
    private static partial Regex DurationPattern();

    sealed class PlainPrinter
    {
        string? _phase;
        DateTime _last = DateTime.MinValue;

        public void Print(ProgressEvent e)
        {
            bool important = e.Phase != _phase || e.Phase is "validation" or "done" or "cancelled" or "failed";
            if (!important && DateTime.UtcNow - _last < TimeSpan.FromSeconds(5))
                return;
            _phase = e.Phase;
            _last = DateTime.UtcNow;
            System.Console.WriteLine(Describe(e));
        }
    }

    static double[] ParseProportions(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !parts.All(p => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            throw new ArgumentException($"--split-proportions '{text}' must be three numbers separated by commas: train,validation,test (e.g. 0.7,0.1,0.2).");
        return parts.Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
