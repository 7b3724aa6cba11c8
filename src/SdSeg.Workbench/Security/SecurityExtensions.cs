using Microsoft.AspNetCore.Antiforgery;

namespace SdSeg.Workbench.Security;

/// <summary>Registers and applies the request-level protections: security headers, HSTS, API problem details, the cookie API guard.</summary>
public static class SecurityExtensions
{
    /// <summary>Adds problem details, HSTS and the antiforgery header the cookie API guard reads.</summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        builder.Services.Configure<AntiforgeryOptions>(options => options.HeaderName = CookieApiGuard.HeaderName);
        return builder;
    }

    /// <summary>
    /// Security headers and HSTS on every response (HSTS only reaches browsers over HTTPS, e.g. behind the lab's proxy), then
    /// problem details for the API and the HTML error and not-found pages for everything else.
    /// </summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseHsts();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // Inside the HTML error pages: an API error is answered here first, and a response with a body is left alone by them.
        app.UseApiProblems();
        return app;
    }
}
