using Microsoft.AspNetCore.Identity;
using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>Creates accounts: the first one becomes admin, every later self-registration a viewer.</summary>
public sealed class AccountRegistration(UserManager<WorkbenchUser> users, RoleManager<IdentityRole> roles)
{
    // Two registrations racing for "first" must not both become admin.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Registers <paramref name="userName"/> with <paramref name="password"/>; the result lists Identity's reasons on failure.</summary>
    public async Task<(IdentityResult Result, WorkbenchUser User, string Role)> RegisterAsync(string userName, string password)
    {
        await Gate.WaitAsync();
        try
        {
            foreach (var role in WorkbenchRoles.All)
                if (!await roles.RoleExistsAsync(role))
                    await roles.CreateAsync(new IdentityRole(role));

            var isFirst = !users.Users.Any();
            var user = new WorkbenchUser { UserName = userName, DisplayName = userName, CreatedAt = DateTime.UtcNow };
            var result = await users.CreateAsync(user, password);
            var assigned = isFirst ? WorkbenchRoles.Admin : WorkbenchRoles.Viewer;
            if (result.Succeeded)
                result = await users.AddToRoleAsync(user, assigned);
            return (result, user, assigned);
        }
        finally
        {
            Gate.Release();
        }
    }
}
