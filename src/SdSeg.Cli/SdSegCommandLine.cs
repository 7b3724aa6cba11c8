using System.CommandLine;
using SdSeg.Cli.Commands;

namespace SdSeg.Cli;

/// <summary>The <c>sdseg</c> command tree.</summary>
public static class SdSegCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("sdseg: train, run and evaluate SDSeg (Stable Diffusion Segmentation) models.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DiagnoseCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(PretrainFirstStageCommand.Create());
        root.Subcommands.Add(ParityTrainStepCommand.Create());
        return root;
    }
}
