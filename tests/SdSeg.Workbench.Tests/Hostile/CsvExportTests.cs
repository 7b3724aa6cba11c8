using System.Net;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Compare;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>An image named like a formula must open in a spreadsheet as text; a negative Dice difference (-0.25) must stay a number.</summary>
[Trait("Category", "Hostile")]
public sealed class CsvExportTests
{
    private static readonly string[] Hostile = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A9)", "plain"];

    [Fact]
    public async Task Results_csv_writes_formula_like_image_names_as_text()
    {
        using var factory = new WorkbenchFactory();
        int runId;
        await using (var db = factory.OpenCatalog())
        {
            var run = new Run
            {
                Kind = RunKind.Predict, Status = RunStatus.Succeeded, SpecJson = "{}", RunDirectory = "runs/csv", CreatedAt = DateTime.UtcNow,
                PerImageResults = [.. Hostile.Select(stem => new PerImageResult { SampleStem = stem, Dice = 0.5, Iou = 0.25, Hd95 = 3, Precision = 0.5, Recall = 0.5 })],
            };
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            runId = run.Id;
        }

        var response = await factory.CreateClient().GetAsync($"/api/v1/runs/{runId}/results.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var firstCells = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line[..line.LastIndexOf(",0.5,0.25,3,0.5,0.5", StringComparison.Ordinal)]).ToList();

        Assert.Equal(["\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", "'+1+1", "'-2+3", "'@SUM(A1:A9)", "plain"], firstCells.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compare_csv_writes_formula_like_names_as_text_and_negative_differences_as_numbers()
    {
        ComparableRun Run(int id) => new(id, RunKind.Predict, 1, "set", "test", "unet (run 1)", Hostile.Length, 0.5, DateTime.UtcNow);
        var rows = Hostile.Select(stem => new ImageComparisonRow(stem, null, false, [new ImageScores(0.75, 0.5, 1), new ImageScores(0.5, 0.4, 2)])).ToList();
        var csv = ComparisonCsvWriter.Write(new RunComparison([Run(1), Run(2)], rows, [], 0, 1));

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Contains(lines, l => l.StartsWith("'@SUM(A1:A9),", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("'-2+3,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("\"'=HYPERLINK(", StringComparison.Ordinal));
        // The difference column: a plain negative number, which a spreadsheet reads as -0.25.
        Assert.All(lines, l => Assert.Equal(-0.25, double.Parse(l[(l.LastIndexOf(',') + 1)..], System.Globalization.CultureInfo.InvariantCulture), 1e-12));
    }
}
