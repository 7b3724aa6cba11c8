using MudBlazor.Services;
using SdSeg.Catalog;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Api;
using SdSeg.Workbench.Compare;
using SdSeg.Workbench.Components;
using SdSeg.Workbench.Datasets;
using SdSeg.Workbench.Health;
using SdSeg.Workbench.Models;
using SdSeg.Workbench.Runs;
using SdSeg.Workbench.Security;
using Serilog;

namespace SdSeg.Workbench;

/// <summary>Registers and maps the workbench's services, pages and endpoints.</summary>
public static class Extensions
{
    /// <summary>Adds logging, the catalog, Razor components with interactive server rendering and MudBlazor.</summary>
    public static WebApplicationBuilder AddWorkbench(this WebApplicationBuilder builder)
    {
        // preserveStaticLogger keeps each host's logger its own (tests start several hosts in one process).
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(), preserveStaticLogger: true);

        // Serves static web assets (wwwroot, _content/MudBlazor) from the build output's manifest in every environment,
        // not only Development; a published app has no such manifest and serves its own wwwroot.
        builder.WebHost.UseStaticWebAssets();

        builder.AddCatalog();
        builder.AddSecurity();
        builder.AddAccounts();
        builder.AddDatasets();
        builder.AddRuns();
        builder.AddCompare();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    /// <summary>Maps static assets, the health endpoint and the Blazor app.</summary>
    public static WebApplication MapWorkbench(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurity();
        // This host's own Serilog logger: the static Log.Logger is left alone (see AddWorkbench).
        app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        app.UseAuthentication();
        app.UseCookieApiGuard();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapAccounts();
        app.MapDatasets();
        app.MapCompare();
        app.MapModels();
        app.MapWorkbenchApi();
        app.MapHealthChecks("/healthz", new() { ResponseWriter = HealthReportWriter.WriteAsync }).AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
