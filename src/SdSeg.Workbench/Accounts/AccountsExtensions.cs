using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using SdSeg.Catalog;
using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>Registers Identity with cookie sign-in, the roles' policies and the logout endpoint.</summary>
public static class AccountsExtensions
{
    /// <summary>Where anonymous page requests are sent.</summary>
    public const string LoginPath = "/account/login";

    /// <summary>Adds Identity on the catalog, cookie authentication and an authenticated-user fallback policy.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = LoginPath;
            options.Events = new CookieAuthenticationEvents
            {
                // Scripts calling the API get a status code, not a login page.
                OnRedirectToLogin = context => IsApi(context.Request)
                    ? WriteProblemAsync(context.Response, StatusCodes.Status401Unauthorized, "Sign in to use the API.")
                    : RedirectAsync(context),
                OnRedirectToAccessDenied = context =>
                    WriteProblemAsync(context.Response, StatusCodes.Status403Forbidden, "Your role may not do this; ask an admin."),
            };
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
            .AddPolicy(WorkbenchRoles.CanChangePolicy, policy => policy.RequireRole(WorkbenchRoles.Admin, WorkbenchRoles.Researcher));
        services.AddScoped<AccountRegistration>();
        services.AddScoped<ChangePermission>();
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

    /// <summary>Maps <c>POST /account/logout</c>.</summary>
    public static WebApplication MapAccounts(this WebApplication app)
    {
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
        return response.WriteAsJsonAsync(new { status, title = status == 401 ? "Unauthorized" : "Forbidden", detail });
    }
}
