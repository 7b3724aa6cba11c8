namespace SdSeg.Workbench.Api;

/// <summary>The antiforgery token a browser script sends in <paramref name="HeaderName"/> with cookie-authenticated API changes.</summary>
/// <param name="HeaderName">The request header to send it in.</param>
/// <param name="Token">The token, valid for this sign-in.</param>
public sealed record ApiAntiforgeryToken(string HeaderName, string Token);
