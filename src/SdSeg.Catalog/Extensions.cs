using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SdSeg.Catalog.Storage;

namespace SdSeg.Catalog;

/// <summary>Registers the catalog database, its start-up migration and the blob store.</summary>
public static class Extensions
{
    /// <summary>The assembly holding the catalog's EF Core migrations.</summary>
    public const string MigrationsAssembly = "SdSeg.Migrations";

    /// <summary>Adds <see cref="CatalogDbContext"/> (and its factory), <see cref="BlobStore"/> and the start-up migration.</summary>
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.SectionName);
        // Interceptors registered as services apply to every catalog context (tests use one to make the disk "full").
        builder.Services.AddDbContextFactory<CatalogDbContext>((services, db) =>
            ConfigureSqlite(db, services.GetRequiredService<IOptions<CatalogOptions>>().Value.CatalogFileFullPath)
                .AddInterceptors(services.GetServices<IInterceptor>()));
        builder.Services.AddSingleton<BlobStore>();
        builder.Services.AddHostedService<CatalogMigrator>();
        builder.Services.AddSingleton<CatalogIntegrity>();
        builder.Services.AddHealthChecks().AddCheck<CatalogHealthCheck>("catalog");
        return builder;
    }

    /// <summary>Points EF Core at a SQLite catalog file, with migrations from <see cref="MigrationsAssembly"/>.</summary>
    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder db, string catalogFile)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = catalogFile, ForeignKeys = true }.ToString();
        return db.UseSqlite(connection, sqlite => sqlite.MigrationsAssembly(MigrationsAssembly));
    }
}
