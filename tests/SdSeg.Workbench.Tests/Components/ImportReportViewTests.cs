using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SdSeg.Engine.Datasets;
using SdSeg.Workbench.Components.Pages.Datasets;
using SdSeg.Workbench.Tests.Datasets;

namespace SdSeg.Workbench.Tests.Components;

/// <summary>The import report panel, rendered with reports from real scans of uploaded zips.</summary>
public sealed class ImportReportViewTests : IAsyncLifetime
{
    private readonly DatasetTestFactory factory = new();
    private readonly BunitContext context = new();

    public ImportReportViewTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
    }

    [Fact]
    public async Task Every_error_and_warning_is_listed_with_its_file_and_plain_words_message()
    {
        var report = await ScanAsync(ReportZips.WithErrorsAndWarnings(factory.ZipFolder));
        Assert.Equal(1, report.ErrorCount);
        Assert.Equal(1, report.WarningCount);

        var view = context.Render<ImportReportView>(p => p.Add(v => v.Report, report));

        var summary = view.Find("[data-testid=import-summary]").TextContent;
        Assert.Equal(report.Summary, summary);
        Assert.EndsWith("layout: 3 valid pair(s), 1 error(s), 1 warning(s).", summary);
        Assert.StartsWith("Why this layout: ", view.Find("[data-testid=layout-explanation]").TextContent);
        var rows = view.FindAll("[data-testid=import-issues] tbody tr");
        Assert.Equal(report.Issues.Count, rows.Count);
        foreach (var (issue, row) in report.Issues.Zip(rows))
        {
            var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
            Assert.Equal([issue.Severity.ToString(), issue.Kind.ToString(), issue.File, issue.Message], cells);
        }

        var error = Assert.Single(report.Issues, i => i.Severity == ImportIssueSeverity.Error);
        Assert.Equal(ImportIssueKind.SizeMismatch, error.Kind);
        Assert.Contains("the pair 'case1' was left out", error.Message);
        var warning = Assert.Single(report.Issues, i => i.Severity == ImportIssueSeverity.Warning);
        Assert.Equal(ImportIssueKind.EmptyMask, warning.Kind);
        Assert.Contains("has no foreground pixel; it was kept", warning.Message);

        var chips = view.FindAll(".mud-chip").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("3 valid pair(s)", chips);
        Assert.Contains("1 error(s)", chips);
        Assert.Contains("1 warning(s)", chips);
        Assert.Contains("SizeMismatch: 1", chips);
        Assert.Contains("EmptyMask: 1", chips);
    }

    [Fact]
    public async Task A_clean_report_shows_its_counts_and_no_issue_table()
    {
        var report = await ScanAsync(ReportZips.Clean(factory.ZipFolder));

        var view = context.Render<ImportReportView>(p => p.Add(v => v.Report, report));

        Assert.Contains("2 valid pair(s), 0 error(s), 0 warning(s).", view.Find("[data-testid=import-summary]").TextContent);
        Assert.Empty(view.FindAll("[data-testid=import-issues]"));
    }

    private async Task<ImportReport> ScanAsync(string zip)
    {
        var inspection = await factory.UploadAsync(zip);
        Assert.Null(inspection.Refusal);
        return inspection.Report!;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        factory.Dispose();
    }
}
