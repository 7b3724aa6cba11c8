using System.CommandLine;
using SdSeg.Engine.Runs;

namespace SdSeg.Cli.Commands;

/// <summary><c>sdseg run &lt;run dir&gt;</c>: executes the run directory's spec.json (train, predict or evaluate), as the workbench's executors do.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("run-dir") { Description = "A run directory holding spec.json." };
        var resume = new Option<bool>("--resume") { Description = "For a train run: continue from its last checkpoint." };
        var command = new Command("run", "Execute the spec.json of a run directory, writing progress.jsonl, checkpoints, predictions, metrics.csv, result.json and log.txt.");
        command.Arguments.Add(folder);
        command.Options.Add(resume);
        // Synchronous on purpose (see TrainCommand): a stop request returns only after the checkpoint is written.
        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(() =>
        {
            var run = new RunDirectory(parse.GetValue(folder)!.FullName);
            return Task.FromResult(TrainCommand.Execute(run, parse.GetValue(resume), validateEvery: null, cancellation));
        }));
        return command;
    }
}
