using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SdSeg.Catalog;

/// <summary>
/// The catalog's health: unhealthy when <c>PRAGMA quick_check</c> found damage at start, or when a cheap query on its schema history
/// fails now (the file was deleted, replaced or became unreadable); the description says which.
/// </summary>
public sealed class CatalogHealthCheck(IDbContextFactory<CatalogDbContext> catalog, CatalogIntegrity integrity) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (integrity.Problem is { } damage)
            return HealthCheckResult.Unhealthy($"PRAGMA quick_check found the catalog damaged when the app started: {damage}. Restore catalog.db from a backup.");
        try
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM \"__EFMigrationsHistory\"";
            var applied = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return applied > 0
                ? HealthCheckResult.Healthy($"catalog readable, {applied} migrations applied")
                : HealthCheckResult.Unhealthy("The catalog has no schema history: it was replaced by an empty file.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The catalog cannot be read: {e.Message}", e);
        }
    }
}
