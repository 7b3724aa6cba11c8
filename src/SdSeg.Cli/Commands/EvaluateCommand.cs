using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SdSeg.Cli.Console;
using SdSeg.Engine.Evaluation;
using SdSeg.Engine.Runs;
using SdSeg.Imaging.Decoding;
using Spectre.Console;

namespace SdSeg.Cli.Commands;

/// <summary><c>sdseg evaluate</c>: per-image Dice, IoU, HD95, precision and recall of predicted masks against ground truth, with a summary.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var predictions = new Option<DirectoryInfo>("--pred") { Description = "Folder of predicted masks (<stem>.png; *.prob.png and *.std.png soft maps are ignored).", Required = true };
        var groundTruth = new Option<DirectoryInfo>("--gt") { Description = "Folder of ground-truth masks, paired with the predictions by file stem (extensions may differ).", Required = true };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write per-image metrics to this CSV, and summary.json beside it." };
        var run = new Option<DirectoryInfo?>("--run") { Description = "Write metrics.csv and result.json (the summary) into this run directory, with progress in progress.jsonl." };
        var mode = new Option<EvaluationMode>("--mode")
        {
            Description = "standard: library conventions (both masks empty is perfect); official: Dice and IoU as the official SDSeg code computes them.",
            DefaultValueFactory = _ => EvaluationMode.Standard,
        };
        var size = new Option<int?>("--size") { Description = "Resize both masks (nearest neighbour) to NxN before scoring, as the paper does at 256; default: each ground truth's own size." };
        size.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } n && (n <= 0 || n > EvaluationOptions.MaxSize))
                result.AddError($"--size must be between 1 and {EvaluationOptions.MaxSize} pixels, not {n}.");
        });
        var allowUnpaired = new Option<bool>("--allow-unpaired") { Description = "Evaluate only the stems present in both folders instead of failing on unpaired files." };

        var command = new Command("evaluate", "Score predicted masks against ground-truth masks, image by image.");
        foreach (Option option in new Option[] { predictions, groundTruth, csv, run, mode, size, allowUnpaired })
            command.Options.Add(option);

        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(async () =>
        {
            var options = new EvaluationOptions
            {
                Mode = parse.GetValue(mode),
                Size = parse.GetValue(size),
                AllowUnpaired = parse.GetValue(allowUnpaired),
            };
            options.Validate();
            var predictionsFolder = parse.GetValue(predictions)!.FullName;
            var groundTruthFolder = parse.GetValue(groundTruth)!.FullName;
            var runDirectory = parse.GetValue(run) is { } runFolder ? new RunDirectory(runFolder.FullName) : null;
            var pairing = MaskPairing.Find(predictionsFolder, groundTruthFolder);
            var total = options.AllowUnpaired || pairing.IsComplete ? pairing.Pairs.Count : 0;

            var pipeline = new EvaluationPipeline(new ImageDecoder());
            var clock = Stopwatch.StartNew();
            EvaluationResult? result = null;
            var done = 0;
            await ProgressReporter.RunAsync("evaluate", total, report =>
            {
                result = pipeline.Run(pairing, options, image =>
                {
                    report(image.Stem);
                    done++;
                    if (runDirectory is not null && (done % 10 == 0 || done == total))
                        runDirectory.AppendProgress(new ProgressEvent { Phase = "evaluate", Step = done, TotalSteps = total, Message = image.Stem });
                }, cancellation);
                return Task.CompletedTask;
            });
            clock.Stop();

            var summary = result!.Summary;
            PrintSummary(summary, clock.Elapsed);
            if (parse.GetValue(csv) is { } csvFile)
            {
                var summaryFile = EvaluationFiles.SaveBesideCsv(result, csvFile.FullName);
                AnsiConsole.MarkupLineInterpolated($"Wrote {csvFile.FullName} and {summaryFile}");
            }

            if (runDirectory is not null)
            {
                EvaluationFiles.SaveToRun(result, runDirectory);
                AnsiConsole.MarkupLineInterpolated($"Wrote {runDirectory.MetricsFile} and {runDirectory.ResultFile}");
            }

            return 0;
        }));
        return command;
    }

    static void PrintSummary(EvaluationSummary summary, TimeSpan elapsed)
    {
        var table = new Table().Title($"{summary.ImageCount} image(s), {MetricsCsv.ModeName(summary.Mode)} mode, at {summary.Resolution}");
        foreach (var column in new[] { "metric", "mean", "std", "median", "min", "max", "count", "NaN" })
            table.AddColumn(new TableColumn(column) { Alignment = column == "metric" ? Justify.Left : Justify.Right });
        foreach (var (name, stats) in summary.Metrics)
        {
            table.AddRow(name, Number(stats.Mean), Number(stats.StandardDeviation), Number(stats.Median), Number(stats.Min), Number(stats.Max),
                stats.Count.ToString(CultureInfo.InvariantCulture), stats.NaNCount.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated(
            $"Empty masks: ground truth {summary.GroundTruthEmptyCount}, prediction {summary.PredictionEmptyCount}, both {summary.BothEmptyCount}.");
        AnsiConsole.MarkupLineInterpolated($"Convention: {summary.EmptyMaskConvention}");
        if (summary.ResizedPredictionCount > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{summary.ResizedPredictionCount} prediction(s) differed in size from {summary.Resolution} and were resized (nearest neighbour) before scoring.[/]");
        if (summary.PredictionsWithoutGroundTruth.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]Skipped {summary.PredictionsWithoutGroundTruth.Count} prediction(s) without ground truth: {MaskPairing.ListStems(summary.PredictionsWithoutGroundTruth)}[/]");
        if (summary.GroundTruthWithoutPrediction.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]Skipped {summary.GroundTruthWithoutPrediction.Count} ground-truth mask(s) without prediction: {MaskPairing.ListStems(summary.GroundTruthWithoutPrediction)}[/]");
        AnsiConsole.MarkupLineInterpolated($"Evaluated in {elapsed.TotalSeconds:F1} s.");
    }

    static string Number(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
