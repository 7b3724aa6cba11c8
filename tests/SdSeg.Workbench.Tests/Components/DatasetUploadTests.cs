using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Components.Pages.Datasets;

namespace SdSeg.Workbench.Tests.Components;

/// <summary>
/// The upload panel and the datasets page rendered as real catalog accounts: who is offered the upload, who is refused,
/// and which import choice each report leads to.
/// </summary>
public sealed class DatasetUploadTests : IAsyncLifetime
{
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromSeconds(60);

    private readonly ComponentHost host = new();
    private readonly string zipFolder = Directory.CreateTempSubdirectory("sdseg-component-zips-").FullName;

    private string UploadsFolder => Path.Combine(host.Factory.DataRoot, "uploads");

    [Fact]
    public async Task The_datasets_page_offers_the_upload_to_researchers_and_not_to_viewers()
    {
        var viewer = await host.SignInAsync("vera", WorkbenchRoles.Viewer);
        var researcher = await host.SignInAsync("rita", WorkbenchRoles.Researcher);

        var asViewer = viewer.Render<DatasetList>();
        var asResearcher = researcher.Render<DatasetList>();

        asViewer.WaitForElement("[data-testid=empty-state]", ScanTimeout);
        Assert.Empty(asViewer.FindAll("[data-testid=dataset-upload]"));
        Assert.Empty(asViewer.FindComponents<InputFile>());
        asResearcher.WaitForElement("[data-testid=dataset-upload]", ScanTimeout);
        Assert.Single(asResearcher.FindComponents<InputFile>());
    }

    [Fact]
    public async Task A_zip_chosen_by_a_viewer_anyway_is_refused_and_nothing_is_written()
    {
        var viewer = await host.SignInAsync("vera", WorkbenchRoles.Viewer);
        var panel = viewer.Render<DatasetUpload>();

        panel.FindComponent<InputFile>().UploadFiles(ZipFile(ReportZips.Clean(zipFolder)));

        var error = panel.WaitForElement("[data-testid=upload-error]", ScanTimeout);
        Assert.Contains("Only admins and researchers may upload datasets", error.TextContent);
        Assert.Empty(panel.FindAll("[data-testid=import-report]"));
        Assert.Empty(panel.FindAll("[data-testid=upload-progress]"));
        Assert.False(Directory.Exists(UploadsFolder) && Directory.EnumerateFileSystemEntries(UploadsFolder).Any(),
            "A viewer's upload wrote under the uploads folder.");
    }

    [Fact]
    public async Task The_same_zip_chosen_by_a_researcher_is_received_and_scanned()
    {
        var researcher = await host.SignInAsync("rita", WorkbenchRoles.Researcher);
        var panel = researcher.Render<DatasetUpload>();

        panel.FindComponent<InputFile>().UploadFiles(ZipFile(ReportZips.Clean(zipFolder)));

        panel.WaitForElement("[data-testid=import-report]", ScanTimeout);
        Assert.Empty(panel.FindAll("[data-testid=upload-error]"));
        Assert.Single(Directory.EnumerateDirectories(UploadsFolder));
        Assert.Equal("Import", panel.Find("[data-testid=import]").TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-testid=import-valid]"));
    }

    [Fact]
    public async Task A_report_with_errors_and_valid_pairs_offers_importing_the_valid_ones_and_that_imports_only_them()
    {
        var researcher = await host.SignInAsync("rita", WorkbenchRoles.Researcher);
        var panel = researcher.Render<DatasetUpload>();

        panel.FindComponent<InputFile>().UploadFiles(ZipFile(ReportZips.WithErrorsAndWarnings(zipFolder)));

        var importValid = panel.WaitForElement("[data-testid=import-valid]", ScanTimeout);
        Assert.Equal("Import the 3 valid pairs", importValid.TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-testid=import]"));

        importValid.Click();

        var navigation = researcher.Services.GetRequiredService<NavigationManager>();
        panel.WaitForAssertion(() => Assert.Matches(@"/datasets/\d+$", navigation.Uri), ScanTimeout);
        await using var db = host.Factory.OpenCatalog();
        var dataset = await db.Datasets.SingleAsync();
        Assert.EndsWith($"/datasets/{dataset.Id}", navigation.Uri);
        Assert.Equal(3, dataset.SampleCount);
    }

    [Fact]
    public async Task The_split_chosen_before_importing_is_the_one_recorded_and_one_not_making_100_percent_is_refused()
    {
        var researcher = await host.SignInAsync("rita", WorkbenchRoles.Researcher);
        var panel = researcher.Render<DatasetUpload>();
        panel.FindComponent<InputFile>().UploadFiles(ZipFile(ReportZips.WithErrorsAndWarnings(zipFolder)));
        panel.WaitForElement("[data-testid=import-valid]", ScanTimeout);

        Enter(panel, "split-train", "50");
        panel.Find("[data-testid=import-valid]").Click();
        Assert.Contains("adds up to 70 %", panel.WaitForElement("[data-testid=upload-error]", ScanTimeout).TextContent);
        await using (var db = host.Factory.OpenCatalog())
            Assert.Empty(db.Datasets);

        Enter(panel, "split-train", "34");
        Enter(panel, "split-validation", "33");
        Enter(panel, "split-test", "33");
        Enter(panel, "split-seed", "7");
        panel.Find("[data-testid=import-valid]").Click();

        var navigation = researcher.Services.GetRequiredService<NavigationManager>();
        panel.WaitForAssertion(() => Assert.Matches(@"/datasets/\d+$", navigation.Uri), ScanTimeout);
        await using var catalog = host.Factory.OpenCatalog();
        var split = (await catalog.Datasets.Include(d => d.Splits).SingleAsync()).Splits.Single();
        Assert.Equal(7, split.Seed);
        Assert.Equal((0.34, 0.33, 0.33), (split.TrainFraction, split.ValidationFraction, split.TestFraction));
        Assert.Equal((1, 1, 1), (split.TrainStems.Count, split.ValidationStems.Count, split.TestStems.Count));
    }

    private static void Enter(IRenderedComponent<DatasetUpload> panel, string testId, string value) =>
        panel.Find($"input[data-testid={testId}], [data-testid={testId}] input").Change(value);

    [Fact]
    public async Task A_report_without_any_valid_pair_offers_no_import_and_says_why()
    {
        var researcher = await host.SignInAsync("rita", WorkbenchRoles.Researcher);
        var panel = researcher.Render<DatasetUpload>();

        panel.FindComponent<InputFile>().UploadFiles(ZipFile(ReportZips.WithoutValidPair(zipFolder)));

        panel.WaitForElement("[data-testid=import-report]", ScanTimeout);
        Assert.Empty(panel.FindAll("[data-testid=import]"));
        Assert.Empty(panel.FindAll("[data-testid=import-valid]"));
        Assert.Contains("No valid image/mask pair: there is nothing to import.", panel.Markup);
    }

    private static InputFileContent ZipFile(string path) =>
        InputFileContent.CreateFromBinary(File.ReadAllBytes(path), Path.GetFileName(path), contentType: "application/zip");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        if (Directory.Exists(zipFolder))
            Directory.Delete(zipFolder, recursive: true);
    }
}
