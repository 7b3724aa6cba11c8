namespace SdSeg.Workbench.Security;

/// <summary>Headers every response carries: no MIME sniffing, no referrer leaving the site, no framing by other sites.</summary>
public static class SecurityHeaders
{
    /// <summary>Adds <c>X-Content-Type-Options</c>, <c>Referrer-Policy</c>, <c>X-Frame-Options</c> and a <c>frame-ancestors</c> policy to every response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Run and dataset ids in URLs stay on the lab's site; same-origin navigation keeps the Referer the app checks.
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        return next(context);
    });
}
