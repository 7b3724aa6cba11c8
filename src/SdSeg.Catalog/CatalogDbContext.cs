using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Identity;
using SdSeg.Catalog.Models;
using SdSeg.Catalog.Persistence;
using SdSeg.Catalog.Runs;

namespace SdSeg.Catalog;

/// <summary>The workbench catalog: datasets, runs, models, Identity accounts and their API tokens in one SQLite database.</summary>
public class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : IdentityDbContext<WorkbenchUser>(options)
{
    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<Sample> Samples => Set<Sample>();

    public DbSet<Split> Splits => Set<Split>();

    public DbSet<Run> Runs => Set<Run>();

    public DbSet<PerImageResult> PerImageResults => Set<PerImageResult>();

    public DbSet<ModelEntry> Models => Set<ModelEntry>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RunReferenceGuard.CheckAsync(this, CancellationToken.None).GetAwaiter().GetResult();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await RunReferenceGuard.CheckAsync(this, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CatalogDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text keep the database readable and survive reordering of enum members.
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
        // SQLite has no time zone; everything is stored as UTC and read back marked as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
