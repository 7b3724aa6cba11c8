using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>A registration: the new account and its role, or the reasons it was refused.</summary>
public sealed record RegistrationResult(WorkbenchUser? User, string? Role, IReadOnlyList<string> Errors)
{
    /// <summary>Whether the account was created.</summary>
    public bool Succeeded => User is not null;

    /// <summary>A refusal with one reason.</summary>
    public static RegistrationResult Refused(string reason) => new(null, null, [reason]);
}
