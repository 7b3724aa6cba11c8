using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using SdSeg.Catalog;
using SdSeg.Catalog.Identity;

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
        });
        services.AddIdentityCore<WorkbenchUser>(options =>
            {
                options.User.RequireUniqueEmail = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredLength = 8;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CatalogDbContext>()
            .AddSignInManager();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(WorkbenchRoles.CanChangePolicy, policy => policy.RequireRole(WorkbenchRoles.Admin, WorkbenchRoles.Researcher))
            .AddPolicy(WorkbenchRoles.AdminPolicy, policy => policy.RequireRole(WorkbenchRoles.Admin));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AccountRegistration>();
        services.AddSingleton<AccountRoles>();
        services.AddScoped<CurrentAccount>();
        services.AddScoped<ChangePermission>();
        services.AddScoped<UserAdministration>();
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
        // The [FromForm] parameter makes the endpoint validate the form's antiforgery token.
        app.MapPost("/account/logout", async (SignInManager<WorkbenchUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~" + LoginPath);
        });
        return app;
    }

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
