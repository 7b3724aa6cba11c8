using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>
/// A user's own password change and the reset an admin's link allows. Either renews the account's security stamp, so every other
/// sign-in cookie of the account dies, and closes its other open tabs.
/// </summary>
public sealed class PasswordChanges(SignInManager<WorkbenchUser> signIn, SessionRevocation sessions)
{
    /// <summary>The reset page's path; its link carries <c>user</c> and <c>token</c>.</summary>
    public const string ResetPath = "account/reset-password";

    /// <summary>Changes the password of <paramref name="principal"/>'s account and keeps this browser signed in.</summary>
    public async Task<IdentityResult> ChangeAsync(ClaimsPrincipal principal, string currentPassword, string newPassword)
    {
        var users = signIn.UserManager;
        if (await users.GetUserAsync(principal) is not { } user)
            return IdentityResult.Failed(new IdentityError { Code = "NoAccount", Description = "Sign in again: this session's account is gone." });
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
            return result;
        sessions.Revoke(user.Id);
        await signIn.RefreshSignInAsync(user);
        return result;
    }

    /// <summary>A reset link for <paramref name="user"/> (a path relative to the site), valid for a day and for one reset.</summary>
    public async Task<string> CreateResetPathAsync(WorkbenchUser user)
    {
        var token = await signIn.UserManager.GeneratePasswordResetTokenAsync(user);
        return QueryHelpers.AddQueryString(ResetPath, new Dictionary<string, string?> { ["user"] = user.UserName, ["token"] = token });
    }

    /// <summary>Sets a new password with a reset link's token; ends a lockout after wrong passwords (not an admin's lock).</summary>
    public async Task<IdentityResult> ResetAsync(string userName, string token, string newPassword)
    {
        var users = signIn.UserManager;
        // An unknown name answers as a wrong token does: the link is the secret, not the user name.
        if (await users.FindByNameAsync(userName) is not { } user)
            return IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
            return result;
        await users.ResetAccessFailedCountAsync(user);
        if (!AccountLock.IsDisabled(user))
            await users.SetLockoutEndDateAsync(user, null);
        sessions.Revoke(user.Id);
        return result;
    }
}
