namespace SdSeg.Workbench.Accounts;

/// <summary>One account as the user-management page and <c>GET /api/v1/users</c> show it.</summary>
public sealed record AccountSummary(string Id, string UserName, string Role, DateTime? CreatedAt, DateTime? LastSignInAt, bool Locked);
