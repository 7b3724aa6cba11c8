using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Trial;

/// <summary>Run steps: the New run form, waiting on runs, the restart in the middle of a run and resuming it.</summary>
public sealed partial class Trial
{
    private const string LastStateFile = "last.state.safetensors";

    private readonly Dictionary<int, string> runFolders = [];

    private async Task<int> QueueTrainAsync(string preset, double budgetMinutes)
    {
        await Page.GotoAsync(Url("runs/new").ToString());
        await Expect(Page.Locator("h1")).ToHaveTextAsync("New run");
        await Ui.ChooseAsync(Page, "run-preset", new Regex($@"^\s*{preset}\s*$"));
        var budget = Page.GetByTestId("run-time-budget");
        await Ui.ClickUntilAsync(Page.GetByText("Limit by wall time instead of steps"), () => budget.IsVisibleAsync(), TimeSpan.FromSeconds(20));
        await Ui.FillAsync(Page, "run-time-budget", budgetMinutes.ToString(CultureInfo.InvariantCulture));
        report.Observe($"form for '{preset}': dataset '{await InputAsync("run-dataset")}', split '{await InputAsync("run-split")}', " +
                       $"batch size {await InputAsync("run-batch-size")}, seed {await InputAsync("run-seed")}, device '{await InputAsync("run-device")}'");
        return await QueueFromFormAsync();
    }

    private async Task<int> QueuePredictAsync(int trainRun)
    {
        await Page.GotoAsync(Url("runs/new").ToString());
        await Expect(Page.Locator("h1")).ToHaveTextAsync("New run");
        await Ui.ChooseAsync(Page, "run-kind", new Regex(@"^\s*Predict\s*$"));
        var shown = await Ui.ChooseAsync(Page, "run-model", new Regex($@"^\s*Run {trainRun} "));
        report.Observe($"predict form: model shows '{shown}', subset '{await InputAsync("run-subset")}', split '{await InputAsync("run-split")}'");
        return await QueueFromFormAsync();
    }

    private Task<string> InputAsync(string testId) => Ui.ShownAsync(Page, testId);

    private async Task<int> QueueFromFormAsync()
    {
        var before = RunFolders();
        await Page.GetByTestId("queue-run").ClickAsync();
        var error = Page.GetByTestId("run-form-error").Or(Page.Locator(".mud-input-error"));
        await Expect(Page.Locator("h1").Filter(new() { HasTextRegex = new Regex(@"^Run \d+$") }).Or(error.First)).ToBeVisibleAsync(new() { Timeout = 30000 });
        if (!Regex.IsMatch(Page.Url, @"/runs/\d+$"))
            throw new TrialException($"The run was not queued: {await error.First.InnerTextAsync()}");
        var id = int.Parse(Page.Url[(Page.Url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        var created = RunFolders().Except(before).ToList();
        if (created.Count == 1)
            runFolders[id] = created[0];
        return id;
    }

    private HashSet<string> RunFolders() =>
        Directory.EnumerateDirectories(dataRoot, "runs", SearchOption.AllDirectories)
            .SelectMany(Directory.EnumerateDirectories).ToHashSet(StringComparer.Ordinal);

    private string RunFolder(int run) =>
        runFolders.TryGetValue(run, out var folder) ? folder : throw new TrialException($"The run directory of run {run} was not found under {dataRoot}.");

    /// <summary>Waits until the train run has written its first resumable checkpoint, so a restart has something to lose.</summary>
    private async Task<string> WaitForCheckpointAsync(int run, double budgetMinutes)
    {
        var folder = RunFolder(run);
        var state = Path.Combine(folder, "checkpoints", LastStateFile);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(budgetMinutes * 1.5 + 5);
        while (!File.Exists(state))
        {
            var status = (await RunJsonAsync(run)).GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "cancelled" or "interrupted")
                throw new TrialException($"Run {run} ended ({status}) before a checkpoint could be waited for; a larger time budget is needed.");
            if (DateTime.UtcNow > deadline)
                throw new TrialException($"Run {run} wrote no {LastStateFile} within {(deadline - DateTime.UtcNow).TotalMinutes:F0} min.");
            await Task.Delay(2000);
        }
        report.Observe($"run {run} checkpointed; progress then: {Progress(await RunJsonAsync(run))}");
        return folder;
    }

    /// <summary>Stops the web app process only (its engines are left to their fate), starts it again on the same data root and
    /// port, and continues as a user would: reload, look at the run, resume it.</summary>
    private async Task RestartMidRunAsync(int run, int signal)
    {
        var name = signal == ProcessTable.SigKill ? "SIGKILL" : "SIGTERM";
        var engines = ProcessTable.Descendants(workbench!.Id);
        report.Observe($"before {name}: run {run} {Progress(await RunJsonAsync(run))}; workbench pid {workbench.Id}, engine processes " +
                       string.Join(", ", engines.Select(e => $"{e.Id} ({Shorten(e.CommandLine)})")));
        var took = await workbench.StopAsync(signal, TimeSpan.FromSeconds(120));
        report.Observe($"{name}: the workbench exited after {took.TotalSeconds:F1} s with code {workbench.ExitCode}");
        await Task.Delay(2000);
        var survivors = engines.Where(e => ProcessTable.IsAlive(e.Id)).ToList();
        report.Observe(survivors.Count == 0
            ? "2 s later no engine process of the run is left"
            : $"2 s later these engine processes still run: {string.Join(", ", survivors.Select(e => e.Id))}");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(workFolder, $"{name.ToLowerInvariant()}-while-down.png") });
        workbench.Dispose();

        workbench = await WorkbenchProcess.StartAsync(dataRoot, port, logFile, StartTimeout);
        report.Observe($"started again (pid {workbench.Id}); old engine processes alive now: " +
                       $"{(survivors.Count(e => ProcessTable.IsAlive(e.Id)) is var n && n > 0 ? n.ToString(CultureInfo.InvariantCulture) : "none")}");
        await Task.Delay(3000);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(workFolder, $"{name.ToLowerInvariant()}-after-start.png") });

        await Ui.GotoAsync(Page, Url($"runs/{run}"));
        if (Page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            report.Observe("the restart signed the user out; signing in again");
            await Page.GetByTestId("login-username").FillAsync(AdminName);
            await Page.GetByTestId("login-password").FillAsync(Password);
            await Page.GetByTestId("login-submit").ClickAsync();
            await Page.GotoAsync(Url($"runs/{run}").ToString());
        }
        var chip = Page.GetByTestId("run-status");
        await Expect(chip).ToBeVisibleAsync();
        var json = await RunJsonAsync(run);
        var status = json.GetProperty("status").GetString();
        report.Observe($"after the restart run {run} is '{(await chip.InnerTextAsync()).Trim()}' (API: {status}); message: " +
                       $"{(json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : "none")}");
        if (status is "interrupted" or "cancelled")
        {
            var orphans = survivors.Where(e => ProcessTable.IsAlive(e.Id)).ToList();
            if (orphans.Count > 0)
                report.Observe($"Resume is offered while the old engine {string.Join(", ", orphans.Select(e => e.Id))} still runs");
            await Ui.ClickUntilAsync(Page.GetByTestId("resume-run"),
                async () => (await RunJsonAsync(run)).GetProperty("status").GetString() is "queued" or "running" or "succeeded", TimeSpan.FromSeconds(30));
            report.Observe($"resumed from the run page: {(await RunJsonAsync(run)).GetProperty("status").GetString()}");
        }
        else if (status != "running" && status != "queued")
        {
            throw new TrialException($"After the restart run {run} is {status}, neither resumable nor running.");
        }
    }

    private async Task<JsonElement> WaitForRunAsync(int run, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastPrint = DateTime.MinValue;
        while (true)
        {
            var json = await RunJsonAsync(run);
            var status = json.GetProperty("status").GetString();
            if (status == "succeeded")
                return json;
            if (status is "failed" or "cancelled" or "interrupted")
                throw new TrialException($"Run {run} ended {status}: {(json.TryGetProperty("error", out var e) ? e.ToString() : "")}");
            if (DateTime.UtcNow > deadline)
                throw new TrialException($"Run {run} is still {status} after {timeout.TotalMinutes:F0} min.");
            if (DateTime.UtcNow - lastPrint > TimeSpan.FromSeconds(30))
            {
                Console.WriteLine($"           run {run}: {status}, {Progress(json)}");
                lastPrint = DateTime.UtcNow;
            }
            await Task.Delay(3000);
        }
    }

    private async Task RunScreenshotAsync(int run)
    {
        await Page.GotoAsync(Url($"runs/{run}").ToString());
        await Expect(Page.GetByTestId("run-status")).ToContainTextAsync("Succeeded");
        await Expect(Page.GetByTestId("loss-chart").Locator("svg path").First).ToBeAttachedAsync(new() { Timeout = 30000 });
        await Expect(Page.GetByTestId("dice-chart").Locator("svg path").First).ToBeAttachedAsync(new() { Timeout = 30000 });
        await Page.ScreenshotAsync(new() { Path = Screenshot("run.png") });
    }

    /// <summary>What the run's log says about the resume (the step it continued from), and its result.</summary>
    private async Task ReportResumeAsync(int run, string folder)
    {
        var log = Path.Combine(folder, "log.txt");
        if (File.Exists(log))
        {
            var lines = await File.ReadAllLinesAsync(log);
            foreach (var line in lines.Where(l => l.Contains("resum", StringComparison.OrdinalIgnoreCase)).Take(4))
                report.Observe($"run {run} log: {line.Trim()}");
        }
        var json = await RunJsonAsync(run);
        report.Observe($"run {run} result: {Compact(json.GetProperty("resultSummary"))}; started {json.GetProperty("startedAt")}, finished {json.GetProperty("finishedAt")}");
    }

    private async Task ReportTestDiceAsync(string model, int trainRun, int predictRun)
    {
        var summary = (await RunJsonAsync(predictRun)).GetProperty("resultSummary");
        var dice = summary.TryGetProperty("metrics", out var metrics) && metrics.TryGetProperty("dice", out var d) ? d : throw new TrialException($"Predict run {predictRun} has no Dice in its result: {Compact(summary)}");
        report.Observe($"{model} (train run {trainRun}, predict run {predictRun}): test Dice mean {Number(dice, "mean")} / median {Number(dice, "median")} over {dice.GetProperty("count")} images");
    }

    private Task<JsonElement> RunJsonAsync(int run) => GetJsonAsync(admin!, $"api/v1/runs/{run}");

    private static string Number(JsonElement metric, string name) =>
        metric.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    private static string Progress(JsonElement run) =>
        run.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object
            ? $"phase {progress.GetProperty("phase")}, step {progress.GetProperty("step")}" +
              (progress.GetProperty("totalSteps").ValueKind == JsonValueKind.Number ? $" of {progress.GetProperty("totalSteps")}" : "")
            : "no progress yet";

    private static string Compact(JsonElement json)
    {
        var text = json.ValueKind == JsonValueKind.Undefined ? "none" : JsonSerializer.Serialize(json);
        return text.Length > 600 ? text[..600] + " ..." : text;
    }

    private static string Shorten(string commandLine) => commandLine.Length > 120 ? commandLine[..120] + " ..." : commandLine;
}
