using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Security;

namespace SdSeg.Workbench.Api;

/// <summary>Maps the REST API for scripts under <c>/api/v1</c>.</summary>
public static class WorkbenchApiExtensions
{
    /// <summary>The route prefix of every API endpoint.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>The largest request body the API reads.</summary>
    public const long MaxRequestBytes = 1024 * 1024;

    /// <summary>Maps the dataset, run and account endpoints on one route group.</summary>
    public static WebApplication MapWorkbenchApi(this WebApplication app)
    {
        // Every endpoint hangs off this one group, so a later .RequireAuthorization() (or a rate limit, CORS policy...) on it
        // covers the whole API; do not map API endpoints outside it.
        var api = app.MapGroup(Prefix).WithTags("Workbench API");
        // Every request body here is a small JSON object; a config YAML inside one is at most 256 KiB.
        api.WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes));
        api.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            Results.Json(new ApiAntiforgeryToken(CookieApiGuard.HeaderName, antiforgery.GetAndStoreTokens(context).RequestToken!), ApiJson.Options));
        api.MapDatasetsApi();
        api.MapRunsApi();
        api.MapAccountsApi();
        return app;
    }
}
