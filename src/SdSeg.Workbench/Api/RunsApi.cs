using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Runs;
using SdSeg.Catalog.Storage;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Api;

/// <summary>The run endpoints of the API: list, get, queue, and a run's per-image results as CSV.</summary>
public static class RunsApi
{
    /// <summary>Maps <c>GET runs</c>, <c>GET runs/{id}</c>, <c>POST runs</c> and <c>GET runs/{id}/results.csv</c> on the API group.</summary>
    public static RouteGroupBuilder MapRunsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/runs", ListAsync);
        api.MapGet("/runs/{id:int}", GetAsync);
        api.MapPost("/runs", CreateAsync).RequireAuthorization(WorkbenchRoles.CanChangePolicy);
        api.MapGet("/runs/{id:int}/results.csv", ResultsCsvAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        string? status, IDbContextFactory<CatalogDbContext> catalog, RunProgressStore progress, BlobStore blobs, CancellationToken cancellationToken)
    {
        RunStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return Problem(StatusCodes.Status400BadRequest, "Invalid query",
                    $"Status '{status}' is not one of {string.Join(", ", Enum.GetNames<RunStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.", "status");
            wanted = parsed;
        }
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var query = db.Runs.AsNoTracking().Include(r => r.Dataset).AsQueryable();
        if (wanted is { } s)
            query = query.Where(r => r.Status == s);
        var runs = await query.OrderByDescending(r => r.Id).ToListAsync(cancellationToken);
        var positions = (await QueueOrderAsync(db, cancellationToken)).Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index + 1);
        var builder = new ApiRunBuilder(progress, blobs);
        return Results.Json(runs.Select(r => builder.Build(r, positions.TryGetValue(r.Id, out var p) ? p : null)).ToList(), ApiJson.Options);
    }

    private static async Task<IResult> GetAsync(
        int id, IDbContextFactory<CatalogDbContext> catalog, RunProgressStore progress, BlobStore blobs, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var run = await FindAsync(db, id, cancellationToken);
        return run is null ? RunNotFound(id) : Results.Json(await BuildAsync(db, run, progress, blobs, cancellationToken), ApiJson.Options);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, RunLauncher launcher, IDbContextFactory<CatalogDbContext> catalog, RunProgressStore progress, BlobStore blobs)
    {
        var cancellationToken = http.RequestAborted;
        RunRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<RunRequest>(http.Request.Body, ApiJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            if (field is null)
                return Problem(StatusCodes.Status400BadRequest, "Invalid run request", $"The body is not a valid run request: {e.Message}", null);
            return InvalidField(field, $"The value of '{field}' is not valid: {e.Message}");
        }
        if (request is null)
            return Problem(StatusCodes.Status400BadRequest, "Invalid run request", "The body must be a JSON object describing the run.", null);

        int id;
        try
        {
            // The same launcher as the New run form: one set of checks for both.
            id = await launcher.QueueAsync(request, cancellationToken);
        }
        catch (RunRequestException e)
        {
            return InvalidField(e.Field, e.Message);
        }
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var run = await FindAsync(db, id, cancellationToken) ?? throw new InvalidOperationException($"Run {id} was queued but is not in the catalog.");
        http.Response.Headers.Location = $"{WorkbenchApiExtensions.Prefix}/runs/{id}";
        return Results.Json(await BuildAsync(db, run, progress, blobs, cancellationToken), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ResultsCsvAsync(int id, IDbContextFactory<CatalogDbContext> catalog, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Kind, r.Status }).SingleOrDefaultAsync(cancellationToken);
        if (run is null)
            return RunNotFound(id);
        var results = await db.PerImageResults.AsNoTracking().Where(p => p.RunId == id).OrderBy(p => p.SampleStem).ToListAsync(cancellationToken);
        if (results.Count == 0)
            return Problem(StatusCodes.Status404NotFound, "No per-image results",
                $"Run {id} ({run.Kind.ToString().ToLowerInvariant()}, {run.Status.ToString().ToLowerInvariant()}) has no per-image results; "
                + "only predict and evaluate runs that succeeded against ground-truth masks have them.", null);
        return Results.File(Encoding.UTF8.GetBytes(RunResultsCsv.Write(results)), "text/csv; charset=utf-8", $"run-{id}-results.csv");
    }

    private static Task<Run?> FindAsync(CatalogDbContext db, int id, CancellationToken cancellationToken) =>
        db.Runs.AsNoTracking().Include(r => r.Dataset).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    private static async Task<ApiRun> BuildAsync(CatalogDbContext db, Run run, RunProgressStore progress, BlobStore blobs, CancellationToken cancellationToken)
    {
        int? position = null;
        if (run.Status == RunStatus.Queued)
        {
            var order = await QueueOrderAsync(db, cancellationToken);
            position = order.IndexOf(run.Id) is var index and >= 0 ? index + 1 : null;
        }
        return new ApiRunBuilder(progress, blobs).Build(run, position);
    }

    /// <summary>Queued run ids in the order the scheduler starts them (see RunScheduler).</summary>
    private static Task<List<int>> QueueOrderAsync(CatalogDbContext db, CancellationToken cancellationToken) =>
        db.Runs.Where(r => r.Status == RunStatus.Queued).OrderBy(r => r.QueuedAt ?? r.CreatedAt).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);

    private static IResult RunNotFound(int id) => Problem(StatusCodes.Status404NotFound, "Run not found", $"Run {id} is not in the catalog.", null);

    /// <summary>A 400 validation problem (RFC 7807 with <c>errors: { field: [message] }</c>, as ASP.NET Core's model validation answers),
    /// also carrying <c>field</c> and <c>detail</c> for scripts that read one error.</summary>
    private static IResult InvalidField(string field, string message) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: "Invalid run request",
            extensions: new Dictionary<string, object?> { ["field"] = field });

    private static IResult Problem(int statusCode, string title, string detail, string? field) =>
        Results.Problem(detail, statusCode: statusCode, title: title,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
