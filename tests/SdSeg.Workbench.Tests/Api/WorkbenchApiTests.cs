using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Tests.Runs;

namespace SdSeg.Workbench.Tests.Api;

/// <summary>The REST API under /api/v1 over a real SQLite catalog in a temp data root.</summary>
public sealed class WorkbenchApiTests : IAsyncLifetime
{
    private readonly WorkbenchFactory factory = new();
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = factory.CreateClient();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        client.Dispose();
        factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Datasets_are_listed_with_sample_count_and_split_sizes()
    {
        await using (var db = factory.OpenCatalog())
        {
            db.Datasets.Add(new Dataset
            {
                Name = "kvasir", Source = "kvasir.zip", SampleCount = 5, CreatedAt = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc),
                Splits = [new Split { Seed = 3, TrainFraction = 0.6, ValidationFraction = 0.2, TestFraction = 0.2, TrainStems = ["a", "b", "c"], ValidationStems = ["d"], TestStems = ["e"] }],
            });
            await db.SaveChangesAsync();
        }

        var datasets = await GetJsonAsync("/api/v1/datasets");

        var dataset = Assert.Single(datasets.EnumerateArray());
        Assert.Equal("kvasir", dataset.GetProperty("name").GetString());
        Assert.Equal(5, dataset.GetProperty("sampleCount").GetInt32());
        Assert.Equal(new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), dataset.GetProperty("createdAt").GetDateTime().ToUniversalTime());
        var split = Assert.Single(dataset.GetProperty("splits").EnumerateArray());
        Assert.Equal((3, 1, 1, 3), (split.GetProperty("train").GetInt32(), split.GetProperty("validation").GetInt32(), split.GetProperty("test").GetInt32(), split.GetProperty("seed").GetInt32()));
    }

    [Fact]
    public async Task Runs_are_listed_filtered_by_status_and_fetched_one_by_one()
    {
        var (queuedFirst, queuedSecond, failed) = await SeedRunsAsync();

        var all = await GetJsonAsync("/api/v1/runs");
        // Newest first by id; queuedFirst was inserted after queuedSecond.
        Assert.Equal([failed, queuedFirst, queuedSecond], all.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));

        var queued = await GetJsonAsync("/api/v1/runs?status=queued");
        Assert.Equal([(queuedFirst, 1), (queuedSecond, 2)], queued.EnumerateArray().Select(r => (r.GetProperty("id").GetInt32(), r.GetProperty("queuePosition").GetInt32())));

        var run = await GetJsonAsync($"/api/v1/runs/{failed}");
        Assert.Equal("evaluate", run.GetProperty("kind").GetString());
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal("seeded", run.GetProperty("datasetName").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("queuePosition").ValueKind);
        Assert.Equal("out of memory", run.GetProperty("error").GetString());
        var progress = run.GetProperty("progress");
        Assert.Equal(("evaluate", 3, 10, 12.5), (progress.GetProperty("phase").GetString(), progress.GetProperty("step").GetInt64(), progress.GetProperty("totalSteps").GetInt64(), progress.GetProperty("etaSeconds").GetDouble()));
        Assert.Equal(0.5, run.GetProperty("resultSummary").GetProperty("dice").GetDouble());
    }

    [Fact]
    public async Task An_unknown_status_filter_is_a_400_naming_the_status()
    {
        var response = await client.GetAsync("/api/v1/runs?status=sleeping");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("status", problem.GetProperty("field").GetString());
        Assert.Contains("sleeping", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_ids_are_404s_that_say_which_run()
    {
        foreach (var url in new[] { "/api/v1/runs/9999", "/api/v1/runs/9999/results.csv" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Run 9999 is not in the catalog.", (await ProblemAsync(response)).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Results_csv_has_the_runs_per_image_metrics_and_is_a_404_for_a_run_without_any()
    {
        var (queuedFirst, _, failed) = await SeedRunsAsync();
        await using (var db = factory.OpenCatalog())
        {
            db.PerImageResults.AddRange(
                new PerImageResult { RunId = failed, SampleStem = "case1", Dice = 0.25, Iou = 0.125, Hd95 = null, Precision = 1, Recall = 0.5 },
                new PerImageResult { RunId = failed, SampleStem = "case0", Dice = 1, Iou = 1, Hd95 = 0, Precision = 1, Recall = 1 });
            await db.SaveChangesAsync();
        }

        var response = await client.GetAsync($"/api/v1/runs/{failed}/results.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["image,dice,iou,hd95,precision,recall", "case0,1,1,0,1,1", "case1,0.25,0.125,,1,0.5"],
            (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n'));

        var none = await client.GetAsync($"/api/v1/runs/{queuedFirst}/results.csv");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains($"Run {queuedFirst} (train, queued) has no per-image results", (await ProblemAsync(none)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_invalid_batch_size_is_a_400_validation_problem_naming_the_field_with_the_launchers_reason()
    {
        var response = await client.PostAsJsonAsync("/api/v1/runs", new { kind = "train", preset = "tiny", batchSize = 0, steps = 2 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("Batch size must be between 1 and 256.", problem.GetProperty("detail").GetString());
        Assert.Equal("batchSize", problem.GetProperty("field").GetString());
        AssertOnlyError(problem, "batchSize", "Batch size must be between 1 and 256.");
    }

    [Fact]
    public async Task An_unknown_dataset_is_a_400_validation_problem_naming_the_dataset_id()
    {
        var response = await client.PostAsJsonAsync("/api/v1/runs", new { kind = "train", preset = "tiny", datasetId = 4242, steps = 2 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("datasetId", problem.GetProperty("field").GetString());
        AssertOnlyError(problem, "datasetId", "Dataset 4242 is not in the catalog.");
    }

    [Theory]
    [InlineData("{\"kind\":\"train\",\"preset\":\"huge\",\"steps\":2}", "preset")]
    [InlineData("{\"kind\":\"train\",\"device\":\"tpu\"}", "device")]
    [InlineData("{\"kind\":\"train\",\"timeBudgetMinutes\":0}", "timeBudgetMinutes")]
    [InlineData("{\"kind\":\"train\",\"steps\":0}", "steps")]
    [InlineData("{\"kind\":\"predict\",\"modelRunId\":77}", "modelRunId")]
    [InlineData("{\"kind\":\"evaluate\",\"predictionsRunId\":77}", "predictionsRunId")]
    public async Task Each_launcher_check_names_its_own_field(string body, string field)
    {
        var response = await client.PostAsync("/api/v1/runs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        AssertOnlyError(problem, field, problem.GetProperty("detail").GetString()!);
    }

    [Theory]
    [InlineData("{\"kind\":\"banana\"}", "kind")]
    [InlineData("{\"kind\":\"train\",\"batchSize\":\"four\"}", "batchSize")]
    public async Task A_run_request_field_of_the_wrong_shape_is_a_400_naming_the_field(string body, string field)
    {
        var response = await client.PostAsync("/api/v1/runs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString());
        AssertOnlyError(problem, field, problem.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task A_misspelt_run_request_field_is_rejected_rather_than_ignored()
    {
        var response = await client.PostAsJsonAsync("/api/v1/runs", new { kind = "train", step = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'step'", (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_valid_tiny_train_run_is_queued_201_with_its_location_and_then_listed()
    {
        int datasetId;
        await using (var db = factory.OpenCatalog())
            datasetId = await TinyDataset.SeedAsync(db, Path.Combine(factory.DataRoot, "blobs"));

        var response = await client.PostAsJsonAsync("/api/v1/runs",
            new { kind = "train", preset = "tiny", datasetId, steps = 2, batchSize = 2, seed = 1, device = "cpu" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = run.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/runs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("train", run.GetProperty("kind").GetString());
        Assert.Equal(datasetId, run.GetProperty("datasetId").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, run.GetProperty("splitId").ValueKind);
        var listed = await GetJsonAsync("/api/v1/runs");
        Assert.Contains(id, listed.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>The problem is a validation problem whose <c>errors</c> hold exactly <paramref name="message"/> for <paramref name="field"/>.</summary>
    private static void AssertOnlyError(JsonElement problem, string field, string message)
    {
        var error = Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal(field, error.Name);
        Assert.Equal([message], error.Value.EnumerateArray().Select(m => m.GetString()));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>Two queued train runs (queued a minute apart) and a failed evaluate run with progress and a result summary.</summary>
    private async Task<(int QueuedFirst, int QueuedSecond, int Failed)> SeedRunsAsync()
    {
        await using var db = factory.OpenCatalog();
        var dataset = new Dataset { Name = "seeded", Source = "synthetic", CreatedAt = DateTime.UtcNow };
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        var now = DateTime.UtcNow;
        // Inserted newest-queued first, so the queue order comes from QueuedAt and not from the ids.
        var second = new Run { Kind = RunKind.Train, Status = RunStatus.Queued, SpecJson = "{}", RunDirectory = "runs/second", DatasetId = dataset.Id, CreatedAt = now, QueuedAt = now };
        var first = new Run { Kind = RunKind.Train, Status = RunStatus.Queued, SpecJson = "{}", RunDirectory = "runs/first", DatasetId = dataset.Id, CreatedAt = now, QueuedAt = now.AddMinutes(-1) };
        db.Runs.AddRange(second);
        await db.SaveChangesAsync();
        db.Runs.Add(first);
        await db.SaveChangesAsync();
        var failed = new Run
        {
            Kind = RunKind.Evaluate, Status = RunStatus.Failed, SpecJson = "{}", RunDirectory = "runs/failed", DatasetId = dataset.Id,
            CreatedAt = now, StartedAt = now, FinishedAt = now, Phase = "evaluate", Step = 3, TotalSteps = 10, EtaSeconds = 12.5,
            ResultSummaryJson = "{\"dice\":0.5}", Error = "out of memory",
        };
        db.Runs.Add(failed);
        await db.SaveChangesAsync();
        return (first.Id, second.Id, failed.Id);
    }
}
