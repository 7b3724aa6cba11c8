using System.Globalization;

namespace SdSeg.Trial;

/// <summary>The trial's command line.</summary>
public sealed record TrialOptions(
    string DataFolder,
    string ScreenshotFolder,
    double SmallBudgetMinutes,
    double UnetBudgetMinutes,
    string? KeepFolder,
    int? Limit)
{
    public const string Usage =
        "usage: dotnet run --project tools/SdSeg.Trial -c Release -- --data <dataset folder> --screenshots <folder>\n" +
        "       [--small-budget 5] [--unet-budget 3] [--limit N] [--keep <folder>]\n" +
        "  --data          a dataset folder as its authors distribute it (e.g. images/ + masks/); it is zipped and uploaded\n" +
        "  --screenshots   where dataset.png, sample-viewer.png, run.png, compare.png and compare-image.png are written\n" +
        "  --small-budget  time budget in minutes of the SDSeg 'small' train run (default 5)\n" +
        "  --unet-budget   time budget in minutes of the U-Net baseline train run (default 3)\n" +
        "  --limit N       zip only the first N image/mask pairs (by image name)\n" +
        "  --keep <folder> keep the zip, the data root and the workbench logs there (else a temp folder, deleted on success)";

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with the problem and the usage.</summary>
    public static TrialOptions Parse(IReadOnlyList<string> args)
    {
        string? data = null, screenshots = null, keep = null;
        double small = 5, unet = 3;
        int? limit = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--data": data = Value(); break;
                case "--screenshots": screenshots = Value(); break;
                case "--small-budget": small = Minutes(Value(), "--small-budget"); break;
                case "--unet-budget": unet = Minutes(Value(), "--unet-budget"); break;
                case "--keep": keep = Value(); break;
                case "--limit":
                    limit = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                        ? n : throw new ArgumentException($"--limit takes a positive whole number.\n{Usage}");
                    break;
                case "-h" or "--help": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }
        if (data is null || screenshots is null)
            throw new ArgumentException($"--data and --screenshots are required.\n{Usage}");
        if (!Directory.Exists(data))
            throw new ArgumentException($"The dataset folder '{data}' does not exist.");
        return new TrialOptions(Path.GetFullPath(data), Path.GetFullPath(screenshots), small, unet,
            keep is null ? null : Path.GetFullPath(keep), limit);
    }

    private static double Minutes(string text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes >= 0.1
            ? minutes : throw new ArgumentException($"{name} takes minutes, at least 0.1 (the workbench's minimum).");
}
