using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace SdSeg.Workbench.Accounts;

/// <summary>Checks, inside a circuit, that the signed-in user may change things (the <see cref="WorkbenchRoles.CanChangePolicy"/> policy).</summary>
public sealed class ChangePermission(AuthenticationStateProvider authentication, IAuthorizationService authorization)
{
    /// <summary>Whether the current user is an admin or researcher.</summary>
    public async Task<bool> IsAllowedAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return (await authorization.AuthorizeAsync(state.User, WorkbenchRoles.CanChangePolicy)).Succeeded;
    }

    /// <summary>Throws <see cref="UnauthorizedAccessException"/> naming <paramref name="action"/> unless the user may change things.</summary>
    public async Task EnsureAllowedAsync(string action)
    {
        if (!await IsAllowedAsync())
            throw new UnauthorizedAccessException($"Only admins and researchers may {action}; viewers can look but not change.");
    }
}
