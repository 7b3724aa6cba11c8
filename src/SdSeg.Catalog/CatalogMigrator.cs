using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SdSeg.Catalog.Storage;

namespace SdSeg.Catalog;

/// <summary>
/// Before the app serves requests: refuses to start over a lost catalog, checks the catalog file's integrity
/// (<c>PRAGMA quick_check</c>, recorded for the health check), and applies pending migrations to a sound one.
/// </summary>
public sealed partial class CatalogMigrator(
    IServiceProvider services, IOptions<CatalogOptions> options, CatalogIntegrity integrity, ILogger<CatalogMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var catalogFile = options.Value.CatalogFileFullPath;
        Directory.CreateDirectory(options.Value.DataRootFullPath);
        Directory.CreateDirectory(Path.GetDirectoryName(catalogFile)!);
        RefuseLostCatalog(catalogFile, options.Value.BlobRootFullPath);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        if (File.Exists(catalogFile))
        {
            var damage = await QuickCheckAsync(db, cancellationToken);
            integrity.Record(damage);
            if (damage is not null)
            {
                // Migrating a damaged file could make it worse; the app starts so that /healthz can say what is wrong.
                LogDamaged(catalogFile, damage);
                return;
            }
        }
        else
        {
            integrity.Record(null);
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(catalogFile, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // SQLite makes a new, empty database of a missing or zero-byte file: beside existing datasets and runs that is data loss.
    private static void RefuseLostCatalog(string catalogFile, string blobRoot)
    {
        var file = new FileInfo(catalogFile);
        if (file.Exists && file.Length > 0)
            return;
        var existing = Directory.Exists(blobRoot) ? Directory.EnumerateFiles(blobRoot, "*", SearchOption.AllDirectories).FirstOrDefault() : null;
        if (existing is null)
            return;
        throw new LostCatalogException(
            $"The catalog {catalogFile} is {(file.Exists ? "empty (0 bytes)" : "missing")}, but {blobRoot} holds datasets or runs (e.g. {existing}). "
            + "Starting would create an empty catalog beside them, and the next person to register would become admin. Restore catalog.db "
            + "from a backup, or point SdSeg:DataRoot at an empty folder to start afresh.");
    }

    /// <summary>The damage <c>PRAGMA quick_check</c> reports (its first lines), or null when it says "ok".</summary>
    private static async Task<string?> QuickCheckAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA quick_check(5)";
                var lines = new List<string>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    lines.Add(reader.GetString(0));
                return lines is ["ok"] ? null : string.Join("; ", lines);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // "file is not a database", "database disk image is malformed": the header itself is gone.
            return e.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Catalog {CatalogFile} is damaged (PRAGMA quick_check: {Damage}); not migrated. Restore it from a backup")]
    private partial void LogDamaged(string catalogFile, string damage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog {CatalogFile} is up to date ({MigrationCount} migration(s) applied)")]
    private partial void LogMigrated(string catalogFile, int migrationCount);
}
