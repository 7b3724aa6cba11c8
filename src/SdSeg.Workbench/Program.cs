using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using SdSeg.Catalog.Storage;
using SdSeg.Workbench;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorkbench();

// The keys that protect sign-in cookies and antiforgery tokens live in the data root (the Docker volume), not in ~/.aspnet,
// so a restarted or recreated container still accepts the cookies it issued. A fixed application name keeps them valid when
// the app is installed at another path.
builder.Services.AddDataProtection().SetApplicationName("SdSeg.Workbench");
builder.Services.AddOptions<KeyManagementOptions>().Configure<IOptions<CatalogOptions>, ILoggerFactory>((keys, catalog, loggers) =>
    keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(catalog.Value.DataRootFullPath, "keys")), loggers));

var app = builder.Build();
app.MapWorkbench();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
