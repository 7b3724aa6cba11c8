using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Workbench.Accounts;

namespace SdSeg.Workbench.Tests.Accounts;

/// <summary>Bearer tokens on /api/v1: who they sign in as, and the 401s for tokens that no longer count.</summary>
public sealed class ApiTokenAuthenticationTests : IDisposable
{
    private readonly AccountsHost host = new();

    [Fact]
    public async Task A_token_reads_and_changes_through_the_api_without_cookie_or_antiforgery_token()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        await host.AddAccountAsync("bob", WorkbenchRoles.Viewer);
        using var client = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/datasets")).StatusCode);
        // POSTs that reach their handlers: the run request is judged on its content, the lock is applied.
        var run = await client.PostAsJsonAsync("/api/v1/runs", new { kind = "train" });
        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        Assert.Equal("Invalid run request", (await ProblemAsync(run)).GetProperty("title").GetString());
        var locked = await client.PostAsync("/api/v1/users/bob/lock", null);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.True((await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("locked").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/datasets/424242")).StatusCode);
    }

    [Fact]
    public async Task A_viewers_token_reads_but_gets_403_on_changes()
    {
        await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var bob = await host.AddAccountAsync("bob", WorkbenchRoles.Viewer);
        using var client = host.BearerClient((await host.IssueTokenAsync(bob)).Secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/runs")).StatusCode);
        var run = await client.PostAsJsonAsync("/api/v1/runs", new { kind = "train" });
        Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        Assert.Equal("application/problem+json", run.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/datasets/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task Unknown_revoked_and_expired_tokens_get_401_saying_why()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var revoked = await host.IssueTokenAsync(alice, "revoked one");
        var expired = await host.IssueTokenAsync(alice, "expired one", DateTime.UtcNow.AddDays(1));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiTokenService>().RevokeAsync(alice.Id, revoked.Token.Id));
        await using (var db = host.Factory.OpenCatalog())
            await db.ApiTokens.Where(t => t.Id == expired.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));

        await AssertUnauthorizedAsync("sdseg_notatokenthatwaseverissued", "not known");
        await AssertUnauthorizedAsync(revoked.Secret, "revoked");
        await AssertUnauthorizedAsync(expired.Secret, "expired");
    }

    [Fact]
    public async Task Only_the_owner_revokes_a_token()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var bob = await host.AddAccountAsync("bob", WorkbenchRoles.Viewer);
        var token = await host.IssueTokenAsync(alice);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokenService>();

        Assert.False(await tokens.RevokeAsync(bob.Id, token.Token.Id));
        using var client = host.BearerClient(token.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/runs")).StatusCode);
        Assert.Empty(await tokens.ListAsync(bob.Id));
        Assert.Single(await tokens.ListAsync(alice.Id));
    }

    [Fact]
    public async Task A_locked_accounts_token_gets_401()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var bob = await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);
        var bobsToken = (await host.IssueTokenAsync(bob)).Secret;

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/users/bob/lock", null)).StatusCode);
        await AssertUnauthorizedAsync(bobsToken, "disabled");

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/users/bob/unlock", null)).StatusCode);
        using var client = host.BearerClient(bobsToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/runs")).StatusCode);
    }

    [Fact]
    public async Task The_catalog_keeps_the_secrets_hash_and_prefix_never_the_secret()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var created = await host.IssueTokenAsync(alice);
        using (var client = host.BearerClient(created.Secret))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/runs")).StatusCode);

        Assert.StartsWith(ApiTokenService.SecretStart, created.Secret, StringComparison.Ordinal);
        Assert.True(created.Secret.Length >= 40, "The secret is too short to be unguessable.");
        await using (var db = host.Factory.OpenCatalog())
        {
            var stored = await db.ApiTokens.SingleAsync();
            Assert.Equal(ApiTokenService.Hash(created.Secret), stored.SecretHash);
            Assert.NotEqual(created.Secret, stored.SecretHash);
            Assert.Equal(created.Secret[..ApiTokenService.PrefixLength], stored.Prefix);
            Assert.NotNull(stored.LastUsedAt);
        }
        // Nowhere in the database file (nor its write-ahead log) is the secret in clear.
        SqliteConnection.ClearAllPools();
        var secret = Encoding.UTF8.GetBytes(created.Secret);
        foreach (var file in Directory.GetFiles(host.Factory.DataRoot, "catalog.db*"))
            Assert.False(File.ReadAllBytes(file).AsSpan().IndexOf(secret) >= 0, $"{Path.GetFileName(file)} holds the secret in clear.");
    }

    [Fact]
    public async Task A_token_is_not_taken_outside_the_api()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        using var client = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);

        var page = await client.GetAsync("/datasets");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task AssertUnauthorizedAsync(string secret, string reason)
    {
        using var client = host.BearerClient(secret);
        var response = await client.GetAsync("/api/v1/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public void Dispose() => host.Dispose();
}
