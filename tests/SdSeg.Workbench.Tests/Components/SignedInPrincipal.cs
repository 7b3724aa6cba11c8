using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace SdSeg.Workbench.Tests.Components;

/// <summary>The authentication state of a circuit signed in as one fixed principal.</summary>
public sealed class SignedInPrincipal(ClaimsPrincipal principal) : AuthenticationStateProvider
{
    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));
}
