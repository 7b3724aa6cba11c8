using static Microsoft.Playwright.Assertions;

namespace SdSeg.Trial;

/// <summary>The viewer check: a second account, registered with the admin's invite link, sees everything but cannot change anything.</summary>
public sealed partial class Trial
{
    private async Task ViewerAsync()
    {
        // A run that is queued or running while the viewer looks, so the Cancel button would be there for an admin.
        var adminHeaders = await ApiHeadersAsync(admin!);
        var queued = await admin!.APIRequest.PostAsync(Url("api/v1/runs").ToString(), new()
        {
            DataObject = new { kind = "train", preset = "tiny", datasetId, steps = 400, device = "cpu" },
            Headers = adminHeaders,
        });
        if (queued.Status != 201)
            throw new TrialException($"The admin's POST /api/v1/runs answered {queued.Status}: {await queued.TextAsync()}");
        var busyRun = (await queued.JsonAsync())!.Value.GetProperty("id").GetInt32();
        report.Observe($"admin queued tiny run {busyRun} through the API (201)");

        // Registration is closed by default: the admin makes a viewer's invite link, as on the Users page.
        var invited = await admin.APIRequest.PostAsync(Url("api/v1/invitations").ToString(), new()
        {
            DataObject = new { role = "viewer" },
            Headers = adminHeaders,
        });
        if (invited.Status != 201)
            throw new TrialException($"The admin's POST /api/v1/invitations answered {invited.Status}: {await invited.TextAsync()}");
        var link = (await invited.JsonAsync())!.Value.GetProperty("link").GetString()!;
        report.Observe("admin made a viewer's invite link through the API (201)");

        await using var context = await NewContextAsync();
        var viewer = await OpenPageAsync(context, "viewer");
        await RegisterAsync(viewer, ViewerName, inviteLink: link);
        var viewerHeaders = await ApiHeadersAsync(context);
        var problems = new List<string>();

        await viewer.GotoAsync(Url("datasets").ToString());
        await Expect(viewer.GetByTestId("datasets-table")).ToBeVisibleAsync();
        if (await viewer.Locator("input[type=file]").CountAsync() > 0 || await viewer.GetByTestId("dataset-upload").CountAsync() > 0)
            problems.Add("the Datasets page offers the viewer an upload");

        await viewer.GotoAsync(Url($"datasets/{datasetId}").ToString());
        await Expect(viewer.GetByTestId("sample-count")).ToBeVisibleAsync();
        if (await viewer.GetByTestId("delete-dataset").CountAsync() > 0)
            problems.Add("the dataset page offers the viewer Delete");

        await viewer.GotoAsync(Url("runs/new").ToString());
        await Expect(viewer.GetByTestId("run-kind")).ToBeVisibleAsync();
        if (await viewer.GetByTestId("queue-run").CountAsync() > 0)
            problems.Add("the New run form offers the viewer 'Queue run'");

        await viewer.GotoAsync(Url($"runs/{busyRun}").ToString());
        await Expect(viewer.GetByTestId("run-status")).ToBeVisibleAsync();
        var busyStatus = (await viewer.GetByTestId("run-status").InnerTextAsync()).Trim();
        if (await viewer.GetByTestId("cancel-run").CountAsync() > 0)
            problems.Add($"the page of a {busyStatus} run offers the viewer Cancel");
        report.Observe($"viewer on run {busyRun} ({busyStatus}): Cancel {(await viewer.GetByTestId("cancel-run").CountAsync() > 0 ? "shown" : "absent")}");

        var post = await context.APIRequest.PostAsync(Url("api/v1/runs").ToString(), new()
        {
            DataObject = new { kind = "train", preset = "tiny", datasetId, steps = 10 },
            Headers = viewerHeaders,
        });
        report.Observe($"viewer POST /api/v1/runs: {post.Status}");
        if (post.Status != 403)
            problems.Add($"POST /api/v1/runs with the viewer's cookie answered {post.Status}, not 403");
        var delete = await context.APIRequest.DeleteAsync(Url($"api/v1/datasets/{datasetId}").ToString(), new() { Headers = viewerHeaders });
        report.Observe($"viewer DELETE /api/v1/datasets/{datasetId}: {delete.Status}");
        if (delete.Status != 403)
            problems.Add($"DELETE /api/v1/datasets/{datasetId} with the viewer's cookie answered {delete.Status}, not 403");

        // The admin cancels the run (and confirms); the viewer then must not be offered Resume.
        CurrentPage = Page;
        await Page.GotoAsync(Url($"runs/{busyRun}").ToString());
        var confirm = Page.Locator(".mud-dialog").GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Cancel run" });
        await Ui.ClickUntilAsync(Page.GetByTestId("cancel-run"), () => confirm.IsVisibleAsync(), TimeSpan.FromSeconds(30));
        await confirm.ClickAsync();
        var cancelDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while ((await RunJsonAsync(busyRun)).GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < cancelDeadline)
            await Task.Delay(1000);
        var ended = (await RunJsonAsync(busyRun)).GetProperty("status").GetString();
        await viewer.GotoAsync(Url($"runs/{busyRun}").ToString());
        await Expect(viewer.GetByTestId("run-status")).ToBeVisibleAsync();
        if (ended == "cancelled" && await viewer.GetByTestId("resume-run").CountAsync() > 0)
            problems.Add("the page of a cancelled run offers the viewer Resume");
        report.Observe($"admin cancelled run {busyRun} ({ended}); viewer sees Resume: {(await viewer.GetByTestId("resume-run").CountAsync() > 0 ? "yes" : "no")}");

        CurrentPage = Page;
        if (problems.Count > 0)
            throw new TrialException("The viewer can change things: " + string.Join("; ", problems));
        report.Observe("viewer: no upload, delete, queue, cancel or resume control; the API refuses its changes with 403");
    }
}
