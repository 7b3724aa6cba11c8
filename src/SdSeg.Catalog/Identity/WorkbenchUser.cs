using Microsoft.AspNetCore.Identity;

namespace SdSeg.Catalog.Identity;

/// <summary>A person who signs in to the workbench; stored by ASP.NET Core Identity in the catalog.</summary>
public class WorkbenchUser : IdentityUser
{
    /// <summary>Name shown in the app bar and on runs the user started.</summary>
    public string? DisplayName { get; set; }

    /// <summary>When the account was registered; null for accounts from before this was recorded.</summary>
    public DateTime? CreatedAt { get; set; }

    /// <summary>The last password sign-in; null if the account never signed in since this was recorded.</summary>
    public DateTime? LastSignInAt { get; set; }
}
