namespace SdSeg.Workbench.Accounts;

/// <summary>Registration, setup token, lockout and invite settings of accounts (configuration section "SdSeg").</summary>
public sealed class AccountOptions
{
    /// <summary>Who may create an account once an admin exists (<c>SdSeg:Registration</c>); <see cref="RegistrationMode.Closed"/> by default.</summary>
    public RegistrationMode Registration { get; set; } = RegistrationMode.Closed;

    /// <summary>
    /// The one-time token that registers the first admin (<c>SdSeg:SetupToken</c>); when unset, the app makes one at start and writes
    /// it to its log as a line <c>Setup token: &lt;token&gt;</c>.
    /// </summary>
    public string? SetupToken { get; set; }

    /// <summary>Wrong passwords in a row after which an account is locked out for <see cref="LockoutMinutes"/> (<c>SdSeg:LockoutAttempts</c>).</summary>
    public int LockoutAttempts { get; set; } = 5;

    /// <summary>How long a lockout after wrong passwords lasts (<c>SdSeg:LockoutMinutes</c>).</summary>
    public double LockoutMinutes { get; set; } = 15;

    /// <summary>How long an admin's invite link stays valid (<c>SdSeg:InviteDays</c>).</summary>
    public double InviteDays { get; set; } = 7;
}
