using Microsoft.AspNetCore.Identity;

namespace SdSeg.Catalog.Identity;

/// <summary>A person who signs in to the workbench; stored by ASP.NET Core Identity in the catalog.</summary>
public class WorkbenchUser : IdentityUser
{
    /// <summary>Name shown in the app bar and on runs the user started.</summary>
    public string? DisplayName { get; set; }
}
