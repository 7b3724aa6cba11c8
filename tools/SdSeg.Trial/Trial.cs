using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SdSeg.Browser.Tests;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Trial;

/// <summary>
/// The issue #5 trial as a new user would do it, in Debian's chromium against the real workbench process: upload, train SDSeg
/// <c>small</c> and the U-Net baseline with time budgets (the workbench is killed and restarted during each), predict the test split
/// with both, compare them image by image, and check that a viewer account cannot change anything.
/// </summary>
public sealed partial class Trial(TrialOptions options, TrialReport report, string workFolder) : IAsyncDisposable
{
    private const string AdminName = "trial-admin";
    private const string ViewerName = "trial-viewer";
    private const string Password = "Trial-passw0rd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly string dataRoot = Path.Combine(workFolder, "data");
    private readonly string logFile = Path.Combine(workFolder, "workbench.log");
    private readonly int port = WorkbenchProcess.FreePort();
    private WorkbenchProcess? workbench;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private IBrowserContext? admin;
    private IPage? page;
    private int datasetId;

    /// <summary>The page the trial is on, for a screenshot when it fails.</summary>
    public IPage? CurrentPage { get; private set; }

    private Uri Url(string path) => new(workbench!.Address, path);

    private IPage Page => page ?? throw new InvalidOperationException("The browser is not open.");

    public async Task RunAsync()
    {
        Directory.CreateDirectory(options.ScreenshotFolder);
        Directory.CreateDirectory(dataRoot);
        var (zip, files) = await report.StepAsync("zip the dataset folder", () => Task.FromResult(DatasetZip.Write(options.DataFolder, workFolder, options.Limit)));
        report.Observe($"{zip}: {files} files, {new FileInfo(zip).Length / 1048576.0:F1} MiB");
        workbench = await report.StepAsync("start the workbench", () => WorkbenchProcess.StartAsync(dataRoot, port, logFile, StartTimeout));
        report.Observe($"workbench {WorkbenchProcess.BuiltAssembly} (pid {workbench.Id}) at {workbench.Address}, data root {dataRoot}, log {logFile}");

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        browser = await SystemChromium.LaunchAsync(playwright);
        admin = await NewContextAsync();
        page = await OpenPageAsync(admin, "admin");

        await report.StepAsync("register the first admin with the setup token from the workbench's log", () => RegisterAsync(Page, AdminName, SetupTokenFromLog()));
        await report.StepAsync("upload the zip and read the import report", () => UploadAsync(zip));
        await report.StepAsync("import the valid pairs", ImportAsync);
        await report.StepAsync("dataset page and sample viewer", DatasetScreenshotsAsync);

        var small = await report.StepAsync($"queue train 'small', {Minutes(options.SmallBudgetMinutes)}", () => QueueTrainAsync("small", options.SmallBudgetMinutes));
        var smallFolder = await report.StepAsync("train 'small' until its first checkpoint", () => WaitForCheckpointAsync(small, options.SmallBudgetMinutes));
        await report.StepAsync("kill -9 the workbench mid-run, start it again, resume", () => RestartMidRunAsync(small, ProcessTable.SigKill));
        await report.StepAsync("train 'small' to the end", () => WaitForRunAsync(small, TrainTimeout(options.SmallBudgetMinutes)));
        await report.StepAsync("run page screenshot", () => RunScreenshotAsync(small));
        await ReportResumeAsync(small, smallFolder);

        var unet = await report.StepAsync($"queue train 'unet', {Minutes(options.UnetBudgetMinutes)}", () => QueueTrainAsync("unet", options.UnetBudgetMinutes));
        var unetFolder = await report.StepAsync("train 'unet' until its first checkpoint", () => WaitForCheckpointAsync(unet, options.UnetBudgetMinutes));
        await report.StepAsync("SIGTERM the workbench mid-run, start it again, resume", () => RestartMidRunAsync(unet, ProcessTable.SigTerm));
        await report.StepAsync("train 'unet' to the end", () => WaitForRunAsync(unet, TrainTimeout(options.UnetBudgetMinutes)));
        await ReportResumeAsync(unet, unetFolder);

        var smallPredict = await report.StepAsync("queue predict (test split) with 'small'", () => QueuePredictAsync(small));
        var unetPredict = await report.StepAsync("queue predict (test split) with 'unet'", () => QueuePredictAsync(unet));
        await report.StepAsync("both predict runs to the end", async () =>
        {
            await WaitForRunAsync(smallPredict, TimeSpan.FromMinutes(30));
            await WaitForRunAsync(unetPredict, TimeSpan.FromMinutes(30));
        });
        await Page.GotoAsync(Url($"runs/{smallPredict}").ToString());
        await Expect(Page.GetByTestId("per-image-table")).ToBeVisibleAsync(new() { Timeout = 30000 });
        await Page.ScreenshotAsync(new() { Path = Path.Combine(workFolder, "predict-run.png"), FullPage = true });
        await ReportTestDiceAsync("SDSeg small", small, smallPredict);
        await ReportTestDiceAsync("U-Net baseline", unet, unetPredict);

        await report.StepAsync("compare the two predict runs", () => CompareAsync(unetPredict, smallPredict));
        await report.StepAsync("one image side by side", CompareImageAsync);
        await report.StepAsync("a second account is a viewer and cannot change anything", ViewerAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
        playwright?.Dispose();
        workbench?.Dispose();
    }

    private static string Minutes(double minutes) => $"{minutes.ToString("0.##", CultureInfo.InvariantCulture)} min time budget";

    // A time budget covers training; validation, the final checkpoint and the restart come on top.
    private static TimeSpan TrainTimeout(double budgetMinutes) => TimeSpan.FromMinutes(budgetMinutes * 2 + 10);

    private async Task<IBrowserContext> NewContextAsync() =>
        await browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, Locale = "en-GB" });

    private async Task<IPage> OpenPageAsync(IBrowserContext context, string who)
    {
        var opened = await context.NewPageAsync();
        opened.PageError += (_, error) => report.Observe($"script error in the {who}'s page {opened.Url}: {error}");
        opened.Response += (_, response) =>
        {
            if (response.Status >= 500)
                report.Observe($"{response.Status} for {response.Request.Method} {response.Url} ({who})");
        };
        CurrentPage = opened;
        return opened;
    }

    /// <summary>
    /// As a new user: the first admin follows sign-in's link to registration and enters the setup token; anyone later opens the
    /// invite link an admin made (registration is closed to everyone else).
    /// </summary>
    private async Task RegisterAsync(IPage on, string userName, string? setupToken = null, string? inviteLink = null)
    {
        if (inviteLink is null)
        {
            await on.GotoAsync(Url("").ToString());
            await Expect(on).ToHaveURLAsync(new Regex("/account/login"));
            await on.GetByTestId("register-link").ClickAsync();
        }
        else
        {
            await on.GotoAsync(inviteLink);
        }
        if (setupToken is not null)
            await on.GetByTestId("register-setup-token").FillAsync(setupToken);
        await on.GetByTestId("register-username").FillAsync(userName);
        await on.GetByTestId("register-password").FillAsync(Password);
        await on.GetByTestId("register-confirm").FillAsync(Password);
        await on.GetByTestId("register-submit").ClickAsync();
        await Expect(on.Locator("h1")).ToHaveTextAsync("Home", new() { Timeout = 20000 });
        await Expect(on.GetByTestId("user-name")).ToHaveTextAsync(userName);
    }

    /// <summary>The setup token the workbench wrote to its console (the log file) at its first start, as a new user reads it.</summary>
    private string SetupTokenFromLog()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            string text;
            using (var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
                text = reader.ReadToEnd();
            if (SetupTokenLine().Matches(text) is { Count: > 0 } found)
                return found[^1].Groups[1].Value;
            if (DateTime.UtcNow > deadline)
                throw new TrialException($"The workbench wrote no 'Setup token: …' line to {logFile}.");
            Thread.Sleep(200);
        }
    }

    /// <summary>The antiforgery header a script on the workbench's own pages sends with cookie-authenticated API changes.</summary>
    private async Task<Dictionary<string, string>> ApiHeadersAsync(IBrowserContext context)
    {
        var answer = await context.APIRequest.GetAsync(Url("api/v1/antiforgery").ToString());
        if (answer.Status != 200)
            throw new TrialException($"GET /api/v1/antiforgery answered {answer.Status}: {await answer.TextAsync()}");
        var json = (await answer.JsonAsync())!.Value;
        return new() { [json.GetProperty("headerName").GetString()!] = json.GetProperty("token").GetString()! };
    }

    [GeneratedRegex(@"Setup token: (\S+)")]
    private static partial Regex SetupTokenLine();

    private string Screenshot(string name) => Path.Combine(options.ScreenshotFolder, name);

    /// <summary>GET of an API path with the context's sign-in cookie.</summary>
    private async Task<JsonElement> GetJsonAsync(IBrowserContext context, string path)
    {
        var response = await context.APIRequest.GetAsync(Url(path).ToString());
        if (response.Status != 200)
            throw new TrialException($"GET {path} answered {response.Status}: {await response.TextAsync()}");
        return (await response.JsonAsync()) ?? throw new TrialException($"GET {path} answered no JSON.");
    }
}
