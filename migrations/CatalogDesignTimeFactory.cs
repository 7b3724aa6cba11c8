using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SdSeg.Catalog;

namespace SdSeg.Migrations;

/// <summary>Lets dotnet-ef build the catalog model without starting the Workbench.</summary>
public sealed class CatalogDesignTimeFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args)
    {
        // Only used to compare models and script migrations; the file is never created by "migrations add".
        var options = Extensions.ConfigureSqlite(new DbContextOptionsBuilder<CatalogDbContext>(), "design-time-catalog.db");
        return new CatalogDbContext((DbContextOptions<CatalogDbContext>)options.Options);
    }
}
