using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SdSeg.Catalog;

namespace SdSeg.Workbench.Security;

/// <summary>
/// Makes every error of the API an RFC 7807 problem (<c>application/problem+json</c>): unknown routes, wrong methods, thrown
/// exceptions and a catalog that cannot be written (503), where the pages answer with HTML.
/// </summary>
public static partial class ApiProblems
{
    /// <summary>Whether <paramref name="request"/> is for the API (or another JSON/file endpoint under <c>/api</c>).</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>For API requests: exceptions and body-less error statuses become problem details.</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.UseWhen(context => IsApi(context.Request), api =>
    {
        api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteExceptionAsync });
        api.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, null));
    });

    /// <summary>Writes a problem with <paramref name="status"/>, a title for it and <paramref name="detail"/>.</summary>
    public static Task WriteAsync(HttpContext context, int status, string? detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = Title(status),
            Detail = detail ?? DefaultDetail(context, status),
        };
        problem.Extensions["traceId"] = context.TraceIdentifier;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    private static Task WriteExceptionAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is not null && CatalogFaults.Reason(error) is { } reason)
            return WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"The workbench cannot write its catalog right now ({reason}); nothing was changed. Try again once the disk has room.");
        if (error is BadHttpRequestException bad)
            return WriteAsync(context, bad.StatusCode, bad.Message);
        return WriteAsync(context, StatusCodes.Status500InternalServerError,
            $"The workbench could not complete this request; the error is in its log under trace id {context.TraceIdentifier}.");
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Request too large",
        415 => "Unsupported media type",
        429 => "Too many requests",
        503 => "Service unavailable",
        >= 500 => "Server error",
        _ => "Request refused",
    };

    private static string DefaultDetail(HttpContext context, int status) => status switch
    {
        404 => $"There is no API endpoint at {context.Request.Path}; the API lives under /api/v1 (see the README).",
        405 => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        413 => "The request body is larger than this endpoint accepts.",
        415 => "Send the body as JSON with 'Content-Type: application/json'.",
        _ => $"The request to {context.Request.Path} failed with status {status}.",
    };
}
