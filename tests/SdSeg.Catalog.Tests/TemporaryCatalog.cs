using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SdSeg.Catalog.Tests;

/// <summary>A catalog on a real SQLite file in a fresh temp folder, deleted on dispose.</summary>
public sealed class TemporaryCatalog : IDisposable
{
    public TemporaryCatalog()
    {
        Folder = Directory.CreateTempSubdirectory("sdseg-catalog-tests-").FullName;
        DatabaseFile = Path.Combine(Folder, "catalog.db");
    }

    public string Folder { get; }

    public string DatabaseFile { get; }

    public CatalogDbContext Open()
    {
        var options = Extensions.ConfigureSqlite(new DbContextOptionsBuilder<CatalogDbContext>(), DatabaseFile);
        return new CatalogDbContext((DbContextOptions<CatalogDbContext>)options.Options);
    }

    public async Task<CatalogDbContext> OpenMigratedAsync()
    {
        var db = Open();
        await db.Database.MigrateAsync();
        return db;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
