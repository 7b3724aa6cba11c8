namespace SdSeg.Workbench.Accounts;

/// <summary>Body of <c>PUT /api/v1/users/{userName}/role</c>.</summary>
public sealed record RoleChange(string Role);
