using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;

namespace SdSeg.Workbench.Tests.Accounts;

public sealed class AccountAccessTests
{
    [Fact]
    public async Task Anonymous_page_request_redirects_to_login_and_anonymous_api_gets_401()
    {
        using var factory = new WorkbenchFactory { RealSignIn = true };
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetAsync("/datasets");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Viewer_is_forbidden_to_queue_runs_and_delete_datasets()
    {
        using var factory = new WorkbenchFactory();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthHandler.RoleHeader, WorkbenchRoles.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/runs", new { kind = "train" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/datasets/1")).StatusCode);
    }

    [Fact]
    public async Task Admin_reaches_the_delete_endpoint()
    {
        using var factory = new WorkbenchFactory();
        var response = await factory.CreateClient().DeleteAsync("/api/v1/datasets/424242");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
