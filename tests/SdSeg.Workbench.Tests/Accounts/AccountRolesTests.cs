using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Workbench.Accounts;

namespace SdSeg.Workbench.Tests.Accounts;

/// <summary>The singleton role check that services holding no request scope use on a principal they are handed.</summary>
public sealed class AccountRolesTests : IDisposable
{
    private readonly AccountsHost host = new();

    [Fact]
    public async Task A_principal_counts_with_its_accounts_current_roles_and_none_once_locked()
    {
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        var bob = await host.AddAccountAsync("bob", WorkbenchRoles.Researcher);
        var roles = host.Factory.Services.GetRequiredService<AccountRoles>();
        ClaimsPrincipal bobsPrincipal;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            bobsPrincipal = await AccountsHost.PrincipalAsync(scope.ServiceProvider, bob);

        Assert.True(await roles.MayChangeAsync(bobsPrincipal));
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/users/bob/lock", null)).StatusCode);

        Assert.Empty(await roles.CurrentAsync(bobsPrincipal));
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => roles.EnsureMayChangeAsync(bobsPrincipal, "delete datasets"));
        Assert.Contains("delete datasets", refused.Message, StringComparison.Ordinal);
        Assert.False(await roles.MayChangeAsync(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    public void Dispose() => host.Dispose();
}
