using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.Net.Http.Headers;

namespace SdSeg.Workbench.Security;

/// <summary>
/// Cross-site request forgery protection for API calls that a browser's sign-in cookie authenticates: a change (any method but
/// GET, HEAD, OPTIONS) must come from this site's own origin, carry JSON as <c>application/json</c>, and send the antiforgery
/// token (from <c>GET /api/v1/antiforgery</c>) in the <see cref="HeaderName"/> header. A page on another origin (another port of
/// the same host included) can send none of these. Bearer-token calls carry no ambient credential and pass unchanged.
/// </summary>
public static class CookieApiGuard
{
    /// <summary>The request header that carries the antiforgery token.</summary>
    public const string HeaderName = "X-CSRF-TOKEN";

    /// <summary>Refuses forged cookie-authenticated API changes with a 403 (or 415) problem; runs after authentication.</summary>
    public static IApplicationBuilder UseCookieApiGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (ApiProblems.IsApi(context.Request) && !IsSafe(context.Request.Method)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme)
        {
            if (Refusal(context) is { } refusal)
            {
                await ApiProblems.WriteAsync(context, refusal.Status, refusal.Detail);
                return;
            }
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden,
                    $"A change made with the sign-in cookie needs the antiforgery token in the {HeaderName} header (GET /api/v1/antiforgery gives it); "
                    + "scripts should use an API token instead (Authorization: Bearer ...).");
                return;
            }
        }
        await next(context);
    });

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static (int Status, string Detail)? Refusal(HttpContext context)
    {
        var request = context.Request;
        var own = $"{request.Scheme}://{request.Host}";
        // Browsers send Origin with every cross-origin and every same-origin non-GET fetch; Referer is the fallback of older ones.
        var claimed = request.Headers.Origin.ToString() is { Length: > 0 } origin ? origin
            : Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) ? referer.GetLeftPart(UriPartial.Authority)
            : null;
        if (claimed is not null && !string.Equals(claimed, own, StringComparison.OrdinalIgnoreCase))
            return (StatusCodes.Status403Forbidden,
                $"Cross-site request refused: it came from {claimed}, not from the workbench ({own}), with the sign-in cookie.");
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody && !IsJson(request.ContentType))
            return (StatusCodes.Status415UnsupportedMediaType,
                $"The body must be JSON sent as 'Content-Type: application/json', not '{request.ContentType}'.");
        return null;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
