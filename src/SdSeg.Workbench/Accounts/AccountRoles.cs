using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SdSeg.Catalog;

namespace SdSeg.Workbench.Accounts;

/// <summary>
/// The roles a principal's account holds now, read from the catalog: a circuit keeps the principal it started with, so a role
/// change or lock made by an admin meanwhile is only seen here. A singleton, so singleton services can check a caller too.
/// </summary>
public sealed class AccountRoles(IDbContextFactory<CatalogDbContext> catalog, IOptions<IdentityOptions> identity)
{
    /// <summary>The catalog id of <paramref name="principal"/>'s account; null for anonymous principals and those of other schemes.</summary>
    public string? UserId(ClaimsPrincipal principal) => principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);

    /// <summary>The roles <paramref name="principal"/> holds now: none when anonymous or when its account is disabled or deleted.</summary>
    public async Task<IReadOnlyList<string>> CurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.Identity?.IsAuthenticated != true)
            return [];
        var userId = UserId(principal);
        // Only catalog accounts can be looked up; another scheme's principal (the tests' sign-in) is taken at its word.
        if (userId is null)
            return [.. principal.FindAll(identity.Value.ClaimsIdentity.RoleClaimType).Select(c => c.Value)];

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.LockoutEnabled, u.LockoutEnd }).SingleOrDefaultAsync(cancellationToken);
        if (account is null || AccountLock.IsDisabled(account.LockoutEnabled, account.LockoutEnd))
            return [];
        return await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="principal"/> may upload, delete, launch, cancel and resume: admin or researcher now.</summary>
    public async Task<bool> MayChangeAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        (await CurrentAsync(principal, cancellationToken)).Any(r => r is WorkbenchRoles.Admin or WorkbenchRoles.Researcher);

    /// <summary>Throws <see cref="UnauthorizedAccessException"/> naming <paramref name="action"/> unless <paramref name="principal"/> may change things.</summary>
    public async Task EnsureMayChangeAsync(ClaimsPrincipal principal, string action, CancellationToken cancellationToken = default)
    {
        if (!await MayChangeAsync(principal, cancellationToken))
            throw new UnauthorizedAccessException($"Only admins and researchers may {action}; viewers can look but not change.");
    }
}
