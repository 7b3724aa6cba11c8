using System.Net;
using System.Text.Json;

namespace SdSeg.Workbench.Tests;

public sealed class HealthEndpointTests : IDisposable
{
    private readonly WorkbenchFactory factory = new();

    [Fact]
    public async Task Healthz_reports_healthy_after_creating_the_catalog_in_the_data_root()
    {
        Assert.False(File.Exists(factory.CatalogFile));

        var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("catalog").GetProperty("status").GetString());
        Assert.True(File.Exists(factory.CatalogFile), $"Expected the catalog at {factory.CatalogFile}");
    }

    public void Dispose() => factory.Dispose();
}
