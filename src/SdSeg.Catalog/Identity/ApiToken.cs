namespace SdSeg.Catalog.Identity;

/// <summary>A personal API token for scripts: only the SHA-256 hash of its secret is stored, with a short prefix to tell tokens apart.</summary>
public class ApiToken
{
    public int Id { get; set; }

    /// <summary>The account the token signs in as, with that account's current roles.</summary>
    public required string UserId { get; set; }

    public WorkbenchUser? User { get; set; }

    /// <summary>What the owner called it, e.g. "nightly eval script".</summary>
    public required string Name { get; set; }

    /// <summary>The first characters of the secret, shown in lists so the owner can tell which token a script uses.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret; the secret itself is never stored.</summary>
    public required string SecretHash { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>After this instant (UTC) the token no longer signs in; null for a token that does not expire.</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    /// <summary>When the owner revoked it; a revoked token never signs in again.</summary>
    public DateTime? RevokedAt { get; set; }
}
