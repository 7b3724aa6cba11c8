using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>Creates, lists, revokes and looks up personal API tokens; the catalog keeps only each secret's SHA-256 hash.</summary>
public sealed class ApiTokenService(IDbContextFactory<CatalogDbContext> catalog, TimeProvider time)
{
    /// <summary>How every secret starts, so a leaked one is recognisable (and greppable) as a workbench token.</summary>
    public const string SecretStart = "sdseg_";

    /// <summary>Characters of the secret kept in clear to tell tokens apart: the start and six random characters.</summary>
    public const int PrefixLength = 12;

    /// <summary>The longest token name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Creates a token for <paramref name="userId"/>; throws <see cref="ArgumentException"/> for an empty name or a past expiry.</summary>
    public async Task<CreatedApiToken> CreateAsync(string userId, string name, DateTime? expiresAt, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length == 0)
            throw new ArgumentException("Give the token a name, e.g. the script that will use it.", nameof(name));
        if (name.Length > MaxNameLength)
            throw new ArgumentException($"A token name has at most {MaxNameLength} characters.", nameof(name));
        var now = time.GetUtcNow().UtcDateTime;
        if (expiresAt is { } expiry && expiry.ToUniversalTime() <= now)
            throw new ArgumentException("The expiry must be in the future.", nameof(expiresAt));

        // 256 random bits: a hash without salt or stretching is enough for a secret nobody can guess.
        var secret = SecretStart + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            UserId = userId,
            Name = name,
            Prefix = secret[..PrefixLength],
            SecretHash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = expiresAt?.ToUniversalTime(),
        };
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiToken(token, secret);
    }

    /// <summary>The tokens of <paramref name="userId"/>, newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes token <paramref name="tokenId"/> if it belongs to <paramref name="userId"/>; false when it does not (or does not exist).</summary>
    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
            return false;
        token.RevokedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The token whose secret is <paramref name="secret"/>, whatever its state; null for a secret never issued here.</summary>
    public async Task<ApiToken?> FindBySecretAsync(string secret, CancellationToken cancellationToken = default)
    {
        var hash = Hash(secret);
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
    }

    /// <summary>Records a use of the token, at most once a minute so scripts polling the API do not write on every call.</summary>
    public async Task MarkUsedAsync(ApiToken token, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (token.LastUsedAt is { } last && now - last < TimeSpan.FromMinutes(1))
            return;
        try
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }
        catch (Exception e) when (CatalogFaults.IsUnwritable(e))
        {
            // A full disk must not turn every read-only API call into an error; the use is recorded next time.
        }
    }

    /// <summary>Lower-case hex SHA-256 of the secret's UTF-8 bytes, as stored in <see cref="ApiToken.SecretHash"/>.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
