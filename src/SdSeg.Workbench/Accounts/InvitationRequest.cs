namespace SdSeg.Workbench.Accounts;

/// <summary>The body of <c>POST /api/v1/invitations</c>: the role the invited account gets.</summary>
public sealed record InvitationRequest(string Role);
