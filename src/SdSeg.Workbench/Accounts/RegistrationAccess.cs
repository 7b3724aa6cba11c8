namespace SdSeg.Workbench.Accounts;

/// <summary>What registration offers now: its kind, the role a new account would get, and why it is refused when it is.</summary>
public sealed record RegistrationAccess(RegistrationAccessKind Kind, string? Role, string? Refusal);
