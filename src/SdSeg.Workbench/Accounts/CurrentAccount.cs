using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace SdSeg.Workbench.Accounts;

/// <summary>The signed-in user of this request or circuit, with the roles the catalog gives the account now (see <see cref="AccountRoles"/>).</summary>
public sealed class CurrentAccount(AuthenticationStateProvider authentication, AccountRoles roles)
{
    /// <summary>The principal of this request or circuit.</summary>
    public async Task<ClaimsPrincipal> PrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>The catalog id of the signed-in account; null for anonymous requests and principals that are not catalog accounts.</summary>
    public async Task<string?> UserIdAsync() => roles.UserId(await PrincipalAsync());

    /// <summary>The roles the user holds now: none for anonymous users and for disabled or deleted accounts.</summary>
    public async Task<IReadOnlyList<string>> RolesAsync() => await roles.CurrentAsync(await PrincipalAsync());

    /// <summary>Whether the user holds one of <paramref name="wanted"/> now.</summary>
    public async Task<bool> IsInAnyRoleAsync(params string[] wanted) => (await RolesAsync()).Any(wanted.Contains);
}
