using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>
/// Signs API requests carrying <c>Authorization: Bearer &lt;token&gt;</c> in as the token's owner, with the roles the account
/// holds now; unknown, revoked and expired tokens and disabled accounts get a 401 problem saying which.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<WorkbenchUser> users,
    IUserClaimsPrincipalFactory<WorkbenchUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The authentication scheme's name.</summary>
    public const string SchemeName = "ApiToken";

    /// <summary>Whether <paramref name="request"/> carries a bearer token, i.e. should be authenticated by this scheme.</summary>
    public static bool HasBearerToken(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        if (string.IsNullOrWhiteSpace(header.Parameter))
            return AuthenticateResult.Fail("The Authorization header has no token after 'Bearer'.");

        var token = await tokens.FindBySecretAsync(header.Parameter.Trim(), Context.RequestAborted);
        if (token is null)
            return AuthenticateResult.Fail("This API token is not known here: it was mistyped, or it belongs to another workbench.");
        var now = TimeProvider.GetUtcNow().UtcDateTime;
        if (token.RevokedAt is { } revoked)
            return AuthenticateResult.Fail($"The API token '{token.Name}' ({token.Prefix}…) was revoked on {Instant(revoked)}; create a new one under /account/tokens.");
        if (token.ExpiresAt is { } expiry && expiry <= now)
            return AuthenticateResult.Fail($"The API token '{token.Name}' ({token.Prefix}…) expired on {Instant(expiry)}; create a new one under /account/tokens.");
        var user = await users.FindByIdAsync(token.UserId);
        if (user is null || AccountLock.IsDisabled(user))
            return AuthenticateResult.Fail($"The account of the API token '{token.Name}' is disabled; ask an admin.");

        await tokens.MarkUsedAsync(token, Context.RequestAborted);
        // Identity's own claims (id, name, current roles, security stamp), under this scheme's name.
        var identity = (ClaimsIdentity)(await principals.CreateAsync(user)).Identity!;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(identity.Claims, SchemeName, identity.NameClaimType, identity.RoleClaimType));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message ?? "Send 'Authorization: Bearer <token>' with a token created under /account/tokens.";
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem("Your role may not do this; ask an admin.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context);

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
