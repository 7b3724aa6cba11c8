namespace SdSeg.Workbench.Accounts;

/// <summary>The roles an account can hold and the policy that gates every change.</summary>
public static class WorkbenchRoles
{
    /// <summary>Manages accounts and may change anything; the first registered account.</summary>
    public const string Admin = "admin";

    /// <summary>May upload datasets and launch, cancel, resume runs and delete datasets.</summary>
    public const string Researcher = "researcher";

    /// <summary>Sees everything and changes nothing; every self-registered account after the first.</summary>
    public const string Viewer = "viewer";

    /// <summary>Every role, in order of privilege.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Researcher, Viewer];

    /// <summary>Authorization policy for uploading, launching, cancelling, resuming and deleting: admin or researcher.</summary>
    public const string CanChangePolicy = "CanChange";

    /// <summary>Authorization policy for managing accounts: admin only.</summary>
    public const string AdminPolicy = "Admin";
}
