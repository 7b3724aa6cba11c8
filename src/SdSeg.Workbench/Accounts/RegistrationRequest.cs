namespace SdSeg.Workbench.Accounts;

/// <summary>What the registration form sends: the account, and the setup token or invite secret that allows it.</summary>
public sealed record RegistrationRequest(string UserName, string Password, string? SetupToken = null, string? InviteSecret = null);
