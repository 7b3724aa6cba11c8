namespace SdSeg.Workbench.Accounts;

/// <summary>Who may register an account once the workbench has an admin (the first admin always needs the setup token).</summary>
public enum RegistrationMode
{
    /// <summary>Nobody: admins add people by switching to <see cref="Invite"/>.</summary>
    Closed,

    /// <summary>Only someone holding an unexpired, unused invite link made by an admin; the link gives the account its role.</summary>
    Invite,

    /// <summary>Anyone who reaches the site; new accounts are viewers.</summary>
    Open,
}
