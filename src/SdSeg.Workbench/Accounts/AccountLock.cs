using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>
/// How an admin disables an account: Identity's lockout, with an end that never comes. A lockout after repeated wrong passwords
/// ends after <see cref="AccountOptions.LockoutMinutes"/> and only stops new sign-ins: an attacker guessing passwords must not be
/// able to end the real user's sessions or stop their API tokens.
/// </summary>
public static class AccountLock
{
    /// <summary>The lockout end that marks a disabled account.</summary>
    public static DateTimeOffset Forever => DateTimeOffset.MaxValue;

    /// <summary>Whether an account with these lockout fields is disabled by an admin (not just locked out for a while).</summary>
    public static bool IsDisabled(bool lockoutEnabled, DateTimeOffset? lockoutEnd) =>
        lockoutEnabled && lockoutEnd is { } end && end >= Forever.AddYears(-1);

    /// <summary>Whether <paramref name="user"/> is disabled by an admin.</summary>
    public static bool IsDisabled(WorkbenchUser user) => IsDisabled(user.LockoutEnabled, user.LockoutEnd);
}
