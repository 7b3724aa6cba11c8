using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Catalog;

namespace SdSeg.Workbench.Tests;

/// <summary>The workbench on an in-memory test server with its data root in a fresh temp folder; requests are signed in as a test admin unless <see cref="RealSignIn"/>.</summary>
public class WorkbenchFactory : WebApplicationFactory<Program>
{
    /// <summary>Use the app's own cookie sign-in instead of the test scheme.</summary>
    public bool RealSignIn { get; init; }

    /// <summary>Settings added to (or overriding) the test defaults, e.g. <c>SdSeg:Registration</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Service registrations added after the app's own, e.g. a log sink.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public string DataRoot { get; init; } = Directory.CreateTempSubdirectory("sdseg-workbench-tests-").FullName;

    public string CatalogFile => Path.Combine(DataRoot, "catalog.db");

    /// <summary>Opens the catalog the app uses, for seeding and checking.</summary>
    public CatalogDbContext OpenCatalog() => Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) =>
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SdSeg:DataRoot"] = DataRoot,
                // Runs that tests add straight into the catalog must not be picked up by the periodic queue check.
                ["SdSeg:QueuePollSeconds"] = "3600",
            }).AddInMemoryCollection(Settings));
        if (!RealSignIn)
            builder.ConfigureTestServices(TestAuthHandler.Register);
        if (TestServices is not null)
            builder.ConfigureTestServices(TestServices);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataRoot))
            Directory.Delete(DataRoot, recursive: true);
    }
}
