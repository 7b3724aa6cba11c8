using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SdSeg.Browser.Tests;

/// <summary>The workbench on Kestrel at a free loopback port, with its data root in a fresh temp folder.</summary>
public sealed class WorkbenchServer : WebApplicationFactory<Program>
{
    private readonly string dataRoot = Directory.CreateTempSubdirectory("sdseg-browser-tests-").FullName;

    private readonly bool realSignIn;

    /// <summary>Starts the server; every request is signed in as a test admin unless <paramref name="realSignIn"/> asks for the real cookie login.</summary>
    public WorkbenchServer(bool realSignIn = false)
    {
        this.realSignIn = realSignIn;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.Single());
    }

    /// <summary>Where the browser reaches the app, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) =>
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SdSeg:DataRoot"] = dataRoot }));
        if (!realSignIn)
            builder.ConfigureTestServices(TestAuthHandler.Register);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataRoot))
            Directory.Delete(dataRoot, recursive: true);
    }
}
