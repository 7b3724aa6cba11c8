using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using SdSeg.Catalog;
using SdSeg.Catalog.Identity;
using SdSeg.Catalog.Storage;

namespace SdSeg.Workbench.Accounts;

/// <summary>Registers Identity with cookie sign-in, API tokens for scripts, the roles' policies and the logout endpoint.</summary>
public static class AccountsExtensions
{
    /// <summary>Where anonymous page requests are sent.</summary>
    public const string LoginPath = "/account/login";

    /// <summary>The default scheme: API requests with a bearer token go to <see cref="ApiTokenAuthenticationHandler"/>, everything else to the cookie.</summary>
    public const string CookieOrApiTokenScheme = "CookieOrApiToken";

    /// <summary>Adds Identity on the catalog, cookie and API-token authentication and an authenticated-user fallback policy.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieOrApiTokenScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(CookieOrApiTokenScheme, "Sign-in cookie or API token", options =>
                // Only the API takes tokens; a bearer request never carries the cookie, so it needs no antiforgery token either.
                options.ForwardDefaultSelector = context => IsApi(context.Request) && ApiTokenAuthenticationHandler.HasBearerToken(context.Request)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, _ => { })
            .AddIdentityCookies();
        // The cookie's principal is rebuilt from the catalog on every request, so a role change or a lock (which renews the
        // security stamp) counts from the user's next request rather than after Identity's default 30 minutes.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = LoginPath;
            // Identity's events already validate the security stamp (OnValidatePrincipal); replacing the object would drop that.
            // Scripts calling the API get a status code, not a login page.
            options.Events.OnRedirectToLogin = context => IsApi(context.Request)
                ? WriteProblemAsync(context.Response, StatusCodes.Status401Unauthorized, "Sign in to use the API.")
                : RedirectAsync(context);
            options.Events.OnRedirectToAccessDenied = context =>
                WriteProblemAsync(context.Response, StatusCodes.Status403Forbidden, "Your role may not do this; ask an admin.");
            // The stamp check on every request would otherwise re-issue the cookie on every response (a Set-Cookie defeats the
            // thumbnails' caching); the cookie still slides forward once half its lifetime has passed.
            var validateStamp = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                await validateStamp(context);
                context.ShouldRenew = false;
            };
        });
        services.AddOptions<AccountOptions>().BindConfiguration(CatalogOptions.SectionName)
            .Validate(o => Enum.IsDefined(o.Registration), "SdSeg:Registration must be open, closed or invite.")
            .Validate(o => o.LockoutAttempts is >= 1 and <= 1000, "SdSeg:LockoutAttempts must be between 1 and 1000.")
            .Validate(o => o.LockoutMinutes is > 0 and <= 525_600, "SdSeg:LockoutMinutes must be more than 0 and at most a year.")
            .Validate(o => o.InviteDays is > 0 and <= 365, "SdSeg:InviteDays must be more than 0 and at most 365.")
            .Validate(o => o.SetupToken is null || o.SetupToken.Trim().Length >= 16, "SdSeg:SetupToken must have at least 16 characters.")
            .ValidateOnStart();
        services.AddIdentityCore<WorkbenchUser>(options =>
            {
                options.User.RequireUniqueEmail = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredLength = 8;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CatalogDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((identity, signIn) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = signIn.Value.LockoutAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(signIn.Value.LockoutMinutes);
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(WorkbenchRoles.CanChangePolicy, policy => policy.RequireRole(WorkbenchRoles.Admin, WorkbenchRoles.Researcher))
            .AddPolicy(WorkbenchRoles.AdminPolicy, policy => policy.RequireRole(WorkbenchRoles.Admin));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AccountRegistration>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<InvitationService>();
        services.AddScoped<PasswordChanges>();
        services.AddSingleton<SetupToken>();
        services.AddHostedService<SetupTokenAnnouncer>();
        services.AddSingleton<AccountRoles>();
        services.AddScoped<CurrentAccount>();
        services.AddScoped<ChangePermission>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton<SessionRevocation>();
        services.AddScoped<ApiTokenService>();
        // Behind the lab's HTTPS reverse proxy: trust X-Forwarded-For/-Proto from the listed proxies only.
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in (builder.Configuration["SdSeg:KnownProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"SdSeg:KnownProxies lists '{proxy}', which is not an IP address."));
        });
        return builder;
    }

    /// <summary>Maps <c>POST /account/logout</c>; hands each request's user to the services that check roles outside a circuit.</summary>
    public static WebApplication MapAccounts(this WebApplication app)
    {
        // Razor component requests set the authentication state themselves; API and endpoint requests do not, and services
        // they call (ChangePermission, UserAdministration) read the user from it.
        app.Use((context, next) =>
        {
            if (context.RequestServices.GetService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
                host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
            return next(context);
        });
        // The token is checked here rather than by the antiforgery middleware, whose refusal is an empty error page.
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<WorkbenchUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.Content(LogoutRefusedPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            // A new security stamp ends every cookie of the account, not only this browser's: a copied cookie dies too.
            if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
                context.RequestServices.GetRequiredService<SessionRevocation>().Revoke(user.Id);
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~" + LoginPath);
        }).DisableAntiforgery();
        return app;
    }

    private const string LogoutRefusedPage =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-out refused · SdSeg Workbench</title></head><body>"
        + "<h1>Sign-out refused</h1><p>The sign-out request came without the page's security token (an old page, or a form on another site). "
        + "<a href=\"/\">Open the workbench</a> and use its Log out button.</p></body></html>";

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task RedirectAsync(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task WriteProblemAsync(HttpResponse response, int status, string detail)
    {
        response.StatusCode = status;
        // A body keeps the status-code pages middleware from replacing the answer with the not-found page.
        return response.WriteAsJsonAsync(new { status, title = status == 401 ? "Unauthorized" : "Forbidden", detail }, options: null, contentType: "application/problem+json");
    }
}
