using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Catalog;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Tests.Runs;

/// <summary>The workbench over a given data root, so a test can stop it and start another on the same catalog and files.</summary>
public sealed class RunsHost(string dataRoot, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public CatalogDbContext OpenCatalog() => Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContext();

    public RunScheduler Scheduler => Services.GetRequiredService<RunScheduler>();

    public RunLauncher Launcher => Services.GetRequiredService<RunLauncher>();

    /// <summary>Starts the host (and with it the scheduler's start-up recovery).</summary>
    public RunsHost Started()
    {
        _ = Services;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SdSeg:DataRoot"] = dataRoot,
            ["SdSeg:RunSlots"] = "1",
            ["SdSeg:ProgressPollMilliseconds"] = "200",
            ["SdSeg:CancelGraceSeconds"] = "30",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()));
        if (services is not null)
            builder.ConfigureServices(services);
    }
}
