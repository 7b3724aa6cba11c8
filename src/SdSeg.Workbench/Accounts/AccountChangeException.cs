namespace SdSeg.Workbench.Accounts;

/// <summary>An account change an admin asked for that the rules refuse (the last admin, an unknown role, locking oneself).</summary>
public sealed class AccountChangeException(string message) : Exception(message);
