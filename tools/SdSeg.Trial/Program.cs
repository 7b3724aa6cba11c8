using SdSeg.Trial;

// The issue #5 trial against the real workbench and Debian's chromium; see TrialOptions.Usage and the README.
TrialOptions options;
try
{
    options = TrialOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var workFolder = options.KeepFolder ?? Directory.CreateTempSubdirectory("sdseg-trial-").FullName;
Directory.CreateDirectory(workFolder);
var report = new TrialReport();
var trial = new Trial(options, report, workFolder);
try
{
    await trial.RunAsync();
    Console.WriteLine(report.Render($"PASSED. Screenshots in {options.ScreenshotFolder}."));
    await trial.DisposeAsync();
    if (options.KeepFolder is null)
        Directory.Delete(workFolder, recursive: true);
    return 0;
}
catch (Exception e)
{
    var screenshot = Path.Combine(workFolder, "failure.png");
    try
    {
        if (trial.CurrentPage is { } page)
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
    }
    catch (Exception screenshotError)
    {
        screenshot = $"none ({screenshotError.Message})";
    }
    var what = e is TrialException ? e.Message : e.ToString();
    Console.WriteLine(report.Render($"FAILED: {what}\nPage at the failure: {screenshot}; data root, zip and workbench.log kept in {workFolder}."));
    await trial.DisposeAsync();
    return 1;
}
