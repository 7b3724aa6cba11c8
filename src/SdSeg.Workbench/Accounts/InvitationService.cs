using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SdSeg.Catalog;
using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>Admins' invite links: each registers one account with a chosen role before it expires; only the secret's hash is kept.</summary>
public sealed class InvitationService(CurrentAccount caller, IDbContextFactory<CatalogDbContext> catalog, IOptions<AccountOptions> options, TimeProvider time)
{
    /// <summary>The registration page's query parameter that carries an invite's secret.</summary>
    public const string QueryKey = "invite";

    /// <summary>Makes an invite link for an account with <paramref name="role"/>; the secret is returned once, in <see cref="CreatedInvitation.Path"/>.</summary>
    public async Task<CreatedInvitation> CreateAsync(string role, CancellationToken cancellationToken = default)
    {
        var adminId = await EnsureAdminAsync("make invite links");
        if (!WorkbenchRoles.All.Contains(role))
            throw new ArgumentException($"'{role}' is not a role; choose one of {string.Join(", ", WorkbenchRoles.All)}.", nameof(role));
        var now = time.GetUtcNow().UtcDateTime;
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        var invitation = new Invitation
        {
            SecretHash = ApiTokenService.Hash(secret),
            Role = role,
            CreatedByUserId = adminId,
            CreatedAt = now,
            ExpiresAt = now.AddDays(options.Value.InviteDays),
        };
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedInvitation(invitation.Id, role, invitation.ExpiresAt, $"account/register?{QueryKey}={secret}");
    }

    /// <summary>Invite links not yet used, revoked or expired, newest first.</summary>
    public async Task<IReadOnlyList<Invitation>> ListPendingAsync(CancellationToken cancellationToken = default)
    {
        await EnsureAdminAsync("see invite links");
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Invitations.AsNoTracking().Where(i => i.UsedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Withdraws invite <paramref name="id"/>; false when there is no such pending invite.</summary>
    public async Task<bool> RevokeAsync(int id, CancellationToken cancellationToken = default)
    {
        await EnsureAdminAsync("withdraw invite links");
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Invitations.Where(i => i.Id == id && i.UsedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), cancellationToken) > 0;
    }

    private async Task<string> EnsureAdminAsync(string action)
    {
        if (!await caller.IsInAnyRoleAsync(WorkbenchRoles.Admin) || await caller.UserIdAsync() is not { } id)
            throw new UnauthorizedAccessException($"Only admins may {action}.");
        return id;
    }
}
