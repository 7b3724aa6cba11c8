using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SdSeg.Catalog.Storage;

namespace SdSeg.Catalog;

/// <summary>Creates the data root and applies pending catalog migrations before the app serves requests.</summary>
public sealed partial class CatalogMigrator(IServiceProvider services, IOptions<CatalogOptions> options, ILogger<CatalogMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var catalogFile = options.Value.CatalogFileFullPath;
        Directory.CreateDirectory(options.Value.DataRootFullPath);
        Directory.CreateDirectory(Path.GetDirectoryName(catalogFile)!);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(catalogFile, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog {CatalogFile} is up to date ({MigrationCount} migration(s) applied)")]
    private partial void LogMigrated(string catalogFile, int migrationCount);
}
