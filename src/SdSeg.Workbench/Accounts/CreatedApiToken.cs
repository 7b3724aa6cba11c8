using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>A token just created: its catalog entry and its secret, which is shown this once and never again.</summary>
public sealed record CreatedApiToken(ApiToken Token, string Secret);
