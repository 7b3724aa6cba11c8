namespace SdSeg.Workbench.Accounts;

/// <summary>
/// Checks that the signed-in user of this circuit or request may change things (admin or researcher), on the roles the
/// account holds now; singletons check a principal they are handed with <see cref="AccountRoles"/> instead.
/// </summary>
public sealed class ChangePermission(CurrentAccount account, AccountRoles roles)
{
    /// <summary>Whether the current user is an admin or researcher.</summary>
    public async Task<bool> IsAllowedAsync() => await roles.MayChangeAsync(await account.PrincipalAsync());

    /// <summary>Throws <see cref="UnauthorizedAccessException"/> naming <paramref name="action"/> unless the user may change things.</summary>
    public async Task EnsureAllowedAsync(string action) => await roles.EnsureMayChangeAsync(await account.PrincipalAsync(), action);
}
