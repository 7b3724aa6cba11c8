using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SdSeg.Workbench.Accounts;

namespace SdSeg.Browser.Tests;

/// <summary>Signs every request in as a test user: an admin, or the role named in the <c>X-Test-Role</c> header.</summary>
public sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";

    public const string RoleHeader = "X-Test-Role";

    public const string UserName = "test-admin";

    /// <summary>Makes the test scheme the default for authenticating, challenging and forbidding.</summary>
    public static void Register(IServiceCollection services) =>
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SchemeName;
                o.DefaultAuthenticateScheme = SchemeName;
                o.DefaultChallengeScheme = SchemeName;
                o.DefaultForbidScheme = SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(SchemeName, _ => { });

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var role = Request.Headers[RoleHeader].FirstOrDefault() ?? WorkbenchRoles.Admin;
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, role == WorkbenchRoles.Admin ? UserName : $"test-{role}"), new Claim(ClaimTypes.Role, role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    // A body, as the app's cookie events write, keeps the status-code pages from re-executing the request.
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        return Response.WriteAsync("Forbidden for this test role.");
    }
}
