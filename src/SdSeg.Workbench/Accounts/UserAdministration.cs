using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>
/// Lists accounts and changes their role or lock, for admins only; there is always at least one unlocked admin.
/// Every call checks the caller's current roles, so a page that stayed open after its user was demoted cannot change anything.
/// </summary>
public sealed class UserAdministration(CurrentAccount caller, IDbContextFactory<CatalogDbContext> catalog, IServiceScopeFactory scopes, SessionRevocation sessions)
{
    // Two admins demoting each other at once must not leave none.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Every account with its role, registration, last sign-in and lock, by user name.</summary>
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureAdminAsync("list accounts");
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = (await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name!);
        return [.. users.Select(u => Summarise(u, roles[u.Id]))];
    }

    /// <summary>Gives the account <paramref name="userName"/> the single role <paramref name="role"/>; null when there is no such account.</summary>
    public Task<AccountSummary?> ChangeRoleAsync(string userName, string role) =>
        ChangeAsync("change roles", userName, async (users, user, isLastAdmin) =>
        {
            if (!WorkbenchRoles.All.Contains(role))
                throw new AccountChangeException($"'{role}' is not a role; choose one of {string.Join(", ", WorkbenchRoles.All)}.");
            if (role != WorkbenchRoles.Admin && isLastAdmin)
                throw new AccountChangeException($"{user.UserName} is the last admin; make another account admin before changing this one's role.");
            var current = await users.GetRolesAsync(user);
            if (current.Count == 1 && current[0] == role)
                return;
            Check(await users.RemoveFromRolesAsync(user, current));
            Check(await users.AddToRoleAsync(user, role));
        });

    /// <summary>Disables (<paramref name="locked"/>) or re-enables the account <paramref name="userName"/>; null when there is no such account.</summary>
    public Task<AccountSummary?> SetLockedAsync(string userName, bool locked) =>
        ChangeAsync(locked ? "lock accounts" : "unlock accounts", userName, async (users, user, isLastAdmin) =>
        {
            if (locked)
            {
                if (user.Id == await caller.UserIdAsync())
                    throw new AccountChangeException("You cannot lock your own account.");
                if (isLastAdmin)
                    throw new AccountChangeException($"{user.UserName} is the last admin; make another account admin before locking this one.");
                Check(await users.SetLockoutEnabledAsync(user, true));
                Check(await users.SetLockoutEndDateAsync(user, AccountLock.Forever));
            }
            else
            {
                // Also ends a lockout after wrong passwords.
                Check(await users.SetLockoutEndDateAsync(user, null));
                Check(await users.ResetAccessFailedCountAsync(user));
            }
            // A new stamp makes the account's sign-in cookies fail their next validation (every request, see AccountsExtensions);
            // its open tabs are told at once.
            Check(await users.UpdateSecurityStampAsync(user));
            if (locked)
                sessions.Revoke(user.Id);
        });

    /// <summary>
    /// A one-time link (relative to the site) with which the account <paramref name="userName"/> sets a new password within a day;
    /// null when there is no such account. The old password works until the link is used.
    /// </summary>
    public async Task<string?> CreatePasswordResetAsync(string userName)
    {
        await EnsureAdminAsync("reset passwords");
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        return await users.FindByNameAsync(userName) is { } user
            ? await scope.ServiceProvider.GetRequiredService<PasswordChanges>().CreateResetPathAsync(user)
            : null;
    }

    private async Task<AccountSummary?> ChangeAsync(string action, string userName, Func<UserManager<WorkbenchUser>, WorkbenchUser, bool, Task> change)
    {
        await EnsureAdminAsync(action);
        await Gate.WaitAsync();
        try
        {
            // A fresh scope per change: a circuit's long-lived UserManager would work on the accounts as they were when the page opened.
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
            var user = await users.FindByNameAsync(userName);
            if (user is null)
                return null;
            var admins = await users.GetUsersInRoleAsync(WorkbenchRoles.Admin);
            var isLastAdmin = admins.Any(a => a.Id == user.Id) && !AccountLock.IsDisabled(user)
                && !admins.Any(a => a.Id != user.Id && !AccountLock.IsDisabled(a));
            await change(users, user, isLastAdmin);
            return Summarise(user, await users.GetRolesAsync(user));
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task EnsureAdminAsync(string action)
    {
        if (!await caller.IsInAnyRoleAsync(WorkbenchRoles.Admin))
            throw new UnauthorizedAccessException($"Only admins may {action}.");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static AccountSummary Summarise(WorkbenchUser user, IEnumerable<string> roles)
    {
        // One role per account; should an account hold several (edited by hand), the most privileged one is shown.
        var role = WorkbenchRoles.All.FirstOrDefault(roles.Contains) ?? "none";
        return new AccountSummary(user.Id, user.UserName ?? "", role, user.CreatedAt, user.LastSignInAt, AccountLock.IsDisabled(user));
    }
}
