using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Tests.Accounts;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>
/// A page on another origin (the report used another port of the same host) riding a signed-in admin's cookie: it locked an
/// account and queued a run. Cookie-authenticated API changes now need this site's origin, JSON and the antiforgery header.
/// </summary>
[Trait("Category", "Hostile")]
public sealed class ApiCrossSiteTests : IDisposable
{
    private readonly AccountsHost host = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task A_form_post_from_another_port_cannot_lock_an_account_with_the_admins_cookie()
    {
        await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        using var admin = await host.SignedInClientAsync("alice");

        // What <form method=post action=http://workbench/api/v1/users/bob/lock enctype=text/plain> on http://localhost:8081 sends.
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/bob/lock") { Content = new StringContent("x=y", Encoding.UTF8, "text/plain") };
        forged.Headers.Add("Origin", "http://localhost:8081");
        var response = await admin.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Cross-site request refused", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await IsDisabledAsync("bob"));
    }

    [Fact]
    public async Task A_same_origin_cookie_change_without_the_antiforgery_header_is_refused()
    {
        await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        using var admin = await host.SignedInClientAsync("alice");

        var locked = await admin.PostAsync("/api/v1/users/bob/lock", null);
        var queued = await admin.PostAsJsonAsync("/api/v1/runs", new { kind = "train", preset = "tiny", datasetId = 1, steps = 1 });

        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
        Assert.Contains(Accounts.AccountsHost.AntiforgeryHeader, (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, queued.StatusCode);
        Assert.False(await IsDisabledAsync("bob"));
    }

    [Fact]
    public async Task A_cookie_change_with_a_body_that_is_not_json_is_refused_even_with_the_token()
    {
        await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        using var admin = await host.CookieClientAsync("alice");

        var response = await admin.PostAsync("/api/v1/runs", new StringContent("{\"kind\":\"train\"}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_workbenchs_own_script_with_the_header_and_a_bearer_script_without_one_both_work()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        await host.AddAccountAsync("carol", WorkbenchRoles.Researcher);
        using var page = await host.CookieClientAsync("alice");
        using var script = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);

        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/bob/lock");
        sameOrigin.Headers.Add("Origin", "http://localhost");
        Assert.Equal(HttpStatusCode.OK, (await page.SendAsync(sameOrigin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.PostAsync("/api/v1/users/carol/lock", null)).StatusCode);
        Assert.True(await IsDisabledAsync("bob"));
        Assert.True(await IsDisabledAsync("carol"));
    }

    private async Task<bool> IsDisabledAsync(string userName)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync(userName);
        return AccountLock.IsDisabled(user!);
    }
}
