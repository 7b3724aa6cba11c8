using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SdSeg.Catalog;
using SdSeg.Catalog.Identity;
using SdSeg.Imaging.Text;

namespace SdSeg.Workbench.Accounts;

/// <summary>
/// Creates accounts under the registration rules: the first admin only with the setup token (never whoever comes first), then
/// as <see cref="AccountOptions.Registration"/> allows: nobody (closed, the default), holders of an admin's invite link, or anyone (as viewers).
/// </summary>
public sealed class AccountRegistration(
    UserManager<WorkbenchUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<CatalogDbContext> catalog,
    SetupToken setupToken,
    IOptions<AccountOptions> options,
    TimeProvider time)
{
    // Two registrations racing for the first admin, or for one invite, must not both succeed.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Whether any account holds the admin role.</summary>
    public async Task<bool> HasAdminAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).AnyAsync(n => n == WorkbenchRoles.Admin, cancellationToken);
    }

    /// <summary>What the registration page may offer now, to a visitor holding <paramref name="inviteSecret"/> (or none).</summary>
    public async Task<RegistrationAccess> AccessAsync(string? inviteSecret, CancellationToken cancellationToken = default)
    {
        if (!await HasAdminAsync(cancellationToken))
            return new(RegistrationAccessKind.FirstAdmin, WorkbenchRoles.Admin, null);
        var mode = options.Value.Registration;
        if (!string.IsNullOrEmpty(inviteSecret))
        {
            if (mode == RegistrationMode.Closed)
                return Refused("Registration is closed on this workbench, so invite links do not work; ask an admin to set SdSeg:Registration to 'invite'.");
            return await FindInvitationAsync(inviteSecret, cancellationToken) is { } invitation
                ? new(RegistrationAccessKind.Invited, invitation.Role, null)
                : Refused("This invite link is not valid: it was used, withdrawn or has expired. Ask an admin for a new one.");
        }
        return mode switch
        {
            RegistrationMode.Open => new(RegistrationAccessKind.Open, WorkbenchRoles.Viewer, null),
            RegistrationMode.Invite => Refused("Registration needs an invite link; ask an admin of this workbench for one."),
            _ => Refused("Registration is closed; ask an admin of this workbench for an account."),
        };
    }

    /// <summary>Registers the account if the rules allow it; the result lists the reasons when they do not, or when Identity refuses.</summary>
    public async Task<RegistrationResult> RegisterAsync(RegistrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var access = await AccessAsync(request.InviteSecret, cancellationToken);
            if (access.Kind == RegistrationAccessKind.Refused)
                return RegistrationResult.Refused(access.Refusal!);
            if (access.Kind == RegistrationAccessKind.FirstAdmin && !setupToken.Matches(request.SetupToken))
                return RegistrationResult.Refused(
                    "The setup token is wrong. The workbench wrote it to its console output when it started, as a line 'Setup token: …' "
                    + "(or it is the value of SdSeg:SetupToken).");
            var (result, user) = await CreateAsync(request.UserName, request.Password, access.Role!);
            if (!result.Succeeded)
                return new(null, null, [.. result.Errors.Select(e => e.Description)]);
            if (access.Kind == RegistrationAccessKind.Invited)
                await MarkUsedAsync(request.InviteSecret!, user.UserName!, cancellationToken);
            return new(user, access.Role, []);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Creates an account with <paramref name="role"/>, outside the registration rules: for the rules above, and for tests and
    /// tools that seed accounts. The name is taken in Unicode form C; names with direction controls are refused.
    /// </summary>
    public async Task<(IdentityResult Result, WorkbenchUser User)> CreateAsync(string userName, string password, string role)
    {
        var name = UnicodeNames.Normalize((userName ?? "").Trim());
        var user = new WorkbenchUser { UserName = name, DisplayName = name, CreatedAt = time.GetUtcNow().UtcDateTime };
        if (UnicodeNames.Problem(name) is { } problem)
            return (IdentityResult.Failed(new IdentityError { Code = "InvalidUserName", Description = $"The user name {problem}." }), user);
        foreach (var r in WorkbenchRoles.All)
            if (!await roles.RoleExistsAsync(r))
                await roles.CreateAsync(new IdentityRole(r));
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
            result = await users.AddToRoleAsync(user, role);
        return (result, user);
    }

    private async Task<Invitation?> FindInvitationAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiTokenService.Hash(secret);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Invitations.AsNoTracking()
            .SingleOrDefaultAsync(i => i.SecretHash == hash && i.UsedAt == null && i.RevokedAt == null && i.ExpiresAt > now, cancellationToken);
    }

    private async Task MarkUsedAsync(string secret, string userName, CancellationToken cancellationToken)
    {
        var hash = ApiTokenService.Hash(secret);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        await db.Invitations.Where(i => i.SecretHash == hash && i.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedAt, now).SetProperty(i => i.UsedByUserName, userName), cancellationToken);
    }

    private static RegistrationAccess Refused(string reason) => new(RegistrationAccessKind.Refused, null, reason);
}
