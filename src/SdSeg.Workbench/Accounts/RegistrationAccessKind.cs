namespace SdSeg.Workbench.Accounts;

/// <summary>What the registration page may offer a visitor.</summary>
public enum RegistrationAccessKind
{
    /// <summary>No admin yet: the first admin registers with the setup token.</summary>
    FirstAdmin,

    /// <summary>Registration is open: a new account is a viewer.</summary>
    Open,

    /// <summary>A valid invite link: the account gets the invite's role.</summary>
    Invited,

    /// <summary>Nobody may register this way; the access's message says why.</summary>
    Refused,
}
