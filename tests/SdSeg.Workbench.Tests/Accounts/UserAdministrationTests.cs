using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;

namespace SdSeg.Workbench.Tests.Accounts;

/// <summary>Admins change roles and locks; the change counts from the user's next request; the last admin stays.</summary>
public sealed class UserAdministrationTests : IDisposable
{
    private readonly AccountsHost host = new();

    [Fact]
    public async Task Admin_changes_a_role_and_the_users_next_token_call_reflects_it()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var bob = await host.AddAccountAsync("bob", WorkbenchRoles.Viewer);
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);
        using var client = host.BearerClient((await host.IssueTokenAsync(bob)).Secret);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/datasets/424242")).StatusCode);

        var promoted = await AccountsHost.ChangeRoleAsync(admin, "bob", WorkbenchRoles.Researcher);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal("researcher", (await promoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/datasets/424242")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await AccountsHost.ChangeRoleAsync(admin, "bob", WorkbenchRoles.Viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/datasets/424242")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_session_loses_a_removed_role_and_a_lock_ends_it_on_the_next_request()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);
        using var bob = await host.CookieClientAsync("bob");
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync("/api/v1/datasets/424242")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await AccountsHost.ChangeRoleAsync(admin, "bob", WorkbenchRoles.Viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.DeleteAsync("/api/v1/datasets/424242")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/v1/runs")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/users/bob/lock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/v1/runs")).StatusCode);
    }

    [Fact]
    public async Task A_locked_account_cannot_sign_in()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/users/bob/lock", null)).StatusCode);

        var refused = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => host.CookieClientAsync("bob"));
        Assert.Contains("Sign-in failed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_admins_are_refused_the_users_page_the_users_api_and_the_service()
    {
        await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var bob = await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        using var researcher = await host.CookieClientAsync("bob");
        using var token = host.BearerClient((await host.IssueTokenAsync(bob)).Secret);

        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync("/admin/users")).StatusCode);
        var listed = await researcher.GetAsync("/api/v1/users");
        Assert.Equal(HttpStatusCode.Forbidden, listed.StatusCode);
        Assert.Equal("application/problem+json", listed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await AccountsHost.ChangeRoleAsync(researcher, "bob", WorkbenchRoles.Admin)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AccountsHost.ChangeRoleAsync(token, "bob", WorkbenchRoles.Admin)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await token.PostAsync("/api/v1/users/alice/lock", null)).StatusCode);
        // The page's service refuses too, whatever a circuit shows.
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            host.AsUserAsync(bob, services => services.GetRequiredService<UserAdministration>().ChangeRoleAsync("bob", WorkbenchRoles.Admin)));

        using var alice = await host.CookieClientAsync("alice");
        var page = await alice.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_demoted_nor_locked()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var bob = await host.AddAccountAsync("bob", WorkbenchRoles.Admin);
        await host.AddAccountAsync("carol", WorkbenchRoles.Viewer);
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);
        // Bob locked: alice is the last admin who can sign in.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/users/bob/lock", null)).StatusCode);

        var demoted = await AccountsHost.ChangeRoleAsync(admin, "alice", WorkbenchRoles.Researcher);
        Assert.Equal(HttpStatusCode.Conflict, demoted.StatusCode);
        Assert.Contains("last admin", (await demoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/v1/users/alice/lock", null)).StatusCode);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var principal = await AccountsHost.PrincipalAsync(scope.ServiceProvider, alice);
            var refused = await Assert.ThrowsAsync<AccountChangeException>(() => AccountsHost.AsPrincipalAsync(scope.ServiceProvider, principal,
                services => services.GetRequiredService<UserAdministration>().SetLockedAsync("alice", locked: true)));
            Assert.Contains("own account", refused.Message, StringComparison.Ordinal);
        }
        Assert.Equal([WorkbenchRoles.Admin], await RolesAsync(alice));

        // Once carol is an admin too, alice may step down.
        Assert.Equal(HttpStatusCode.OK, (await AccountsHost.ChangeRoleAsync(admin, "carol", WorkbenchRoles.Admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountsHost.ChangeRoleAsync(admin, "alice", WorkbenchRoles.Viewer)).StatusCode);
        Assert.Equal([WorkbenchRoles.Viewer], await RolesAsync(alice));
    }

    [Fact]
    public async Task The_last_admin_cannot_be_locked_by_another_admin_who_is_locked_meanwhile()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var bob = await host.AddAccountAsync("bob", WorkbenchRoles.Admin);
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        // Bob's page was opened while he was an unlocked admin.
        var bobsPrincipal = await AccountsHost.PrincipalAsync(scope.ServiceProvider, bob);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/users/bob/lock", null)).StatusCode);

        // A locked admin has no role left, whatever its principal says.
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => AccountsHost.AsPrincipalAsync(scope.ServiceProvider, bobsPrincipal,
            services => services.GetRequiredService<UserAdministration>().SetLockedAsync("alice", locked: true)));
    }

    [Fact]
    public async Task Change_permission_follows_the_role_the_account_holds_now_not_the_one_its_circuit_started_with()
    {
        await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var bob = await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var principal = await AccountsHost.PrincipalAsync(scope.ServiceProvider, bob);
        Assert.True(await AccountsHost.AsPrincipalAsync(scope.ServiceProvider, principal, services => services.GetRequiredService<ChangePermission>().IsAllowedAsync()));

        await using (var other = host.Factory.Services.CreateAsyncScope())
        {
            var users = other.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
            var current = (await users.FindByIdAsync(bob.Id))!;
            await users.RemoveFromRoleAsync(current, WorkbenchRoles.Researcher);
            await users.AddToRoleAsync(current, WorkbenchRoles.Viewer);
        }

        var permission = scope.ServiceProvider.GetRequiredService<ChangePermission>();
        Assert.False(await permission.IsAllowedAsync());
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => permission.EnsureAllowedAsync("launch runs"));
        Assert.Contains("launch runs", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accounts_are_listed_with_role_registration_sign_in_and_lock()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        using (await host.CookieClientAsync("bob"))
        {
        }
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/users/bob/lock", null)).StatusCode);

        var accounts = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray().ToList();

        Assert.Equal(["alice", "bob"], accounts.Select(a => a.GetProperty("userName").GetString()));
        Assert.Equal(["admin", "researcher"], accounts.Select(a => a.GetProperty("role").GetString()));
        Assert.Equal([false, true], accounts.Select(a => a.GetProperty("locked").GetBoolean()));
        Assert.All(accounts, a => Assert.Equal(JsonValueKind.String, a.GetProperty("createdAt").ValueKind));
        Assert.Equal(JsonValueKind.Null, accounts[0].GetProperty("lastSignInAt").ValueKind);
        Assert.Equal(JsonValueKind.String, accounts[1].GetProperty("lastSignInAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await AccountsHost.ChangeRoleAsync(admin, "nobody", WorkbenchRoles.Viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AccountsHost.ChangeRoleAsync(admin, "bob", "superuser")).StatusCode);
    }

    private async Task<IList<string>> RolesAsync(WorkbenchUser user)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        return await users.GetRolesAsync((await users.FindByIdAsync(user.Id))!);
    }

    public void Dispose() => host.Dispose();
}
