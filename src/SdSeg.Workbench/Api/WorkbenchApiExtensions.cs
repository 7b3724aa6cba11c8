using SdSeg.Workbench.Accounts;

namespace SdSeg.Workbench.Api;

/// <summary>Maps the REST API for scripts under <c>/api/v1</c>.</summary>
public static class WorkbenchApiExtensions
{
    /// <summary>The route prefix of every API endpoint.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>Maps the dataset, run and account endpoints on one route group.</summary>
    public static WebApplication MapWorkbenchApi(this WebApplication app)
    {
        // Every endpoint hangs off this one group, so a later .RequireAuthorization() (or a rate limit, CORS policy...) on it
        // covers the whole API; do not map API endpoints outside it.
        var api = app.MapGroup(Prefix).WithTags("Workbench API");
        api.MapDatasetsApi();
        api.MapRunsApi();
        api.MapAccountsApi();
        return app;
    }
}
