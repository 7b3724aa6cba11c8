namespace SdSeg.Catalog.Identity;

/// <summary>An admin's invite link to register one account with a given role; only the SHA-256 hash of its secret is stored.</summary>
public class Invitation
{
    public int Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the link's secret; the secret itself is never stored.</summary>
    public required string SecretHash { get; set; }

    /// <summary>The role the invited account gets (admin, researcher or viewer).</summary>
    public required string Role { get; set; }

    /// <summary>The admin who made the link.</summary>
    public required string CreatedByUserId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>After this instant (UTC) the link no longer registers anyone.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>When an account was registered with it; a link registers one account only.</summary>
    public DateTime? UsedAt { get; set; }

    /// <summary>The user name registered with it.</summary>
    public string? UsedByUserName { get; set; }

    /// <summary>When an admin withdrew it.</summary>
    public DateTime? RevokedAt { get; set; }
}
