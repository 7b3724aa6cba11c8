namespace SdSeg.Workbench.Accounts;

/// <summary>How an admin disables an account: Identity's lockout, with an end that never comes.</summary>
public static class AccountLock
{
    /// <summary>The lockout end that marks a disabled account.</summary>
    public static DateTimeOffset Forever => DateTimeOffset.MaxValue;

    /// <summary>Whether an account with these lockout fields is locked now (as UserManager.IsLockedOutAsync decides).</summary>
    public static bool IsLocked(bool lockoutEnabled, DateTimeOffset? lockoutEnd) =>
        lockoutEnabled && lockoutEnd is { } end && end > DateTimeOffset.UtcNow;
}
