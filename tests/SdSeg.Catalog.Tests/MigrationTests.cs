using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SdSeg.Catalog.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TemporaryCatalog catalog = new();

    [Fact]
    public async Task Migrations_apply_to_an_empty_file_and_create_every_table()
    {
        await using var db = await catalog.OpenMigratedAsync();

        Assert.True(File.Exists(catalog.DatabaseFile));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();
        foreach (var table in new[] { "Datasets", "Samples", "Splits", "Runs", "PerImageResults", "Models", "AspNetUsers", "AspNetRoles" })
            Assert.Contains(table, tables);
    }

    [Fact]
    public async Task Migrations_match_the_current_model()
    {
        await using var db = catalog.Open();

        Assert.False(db.Database.HasPendingModelChanges(), "The catalog model changed without a migration: run dotnet ef migrations add.");
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        await using (var first = await catalog.OpenMigratedAsync())
            first.Datasets.Add(CatalogFixtures.Dataset());
        await using var second = await catalog.OpenMigratedAsync();

        Assert.Empty(await second.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Foreign_keys_are_enforced_on_catalog_connections()
    {
        await using var db = await catalog.OpenMigratedAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();

        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    public void Dispose() => catalog.Dispose();
}
