namespace SdSeg.Workbench.Accounts;

/// <summary>A new invite link: <paramref name="Path"/> (relative to the site, with the secret) is shown to the admin once.</summary>
public sealed record CreatedInvitation(int Id, string Role, DateTime ExpiresAt, string Path);
