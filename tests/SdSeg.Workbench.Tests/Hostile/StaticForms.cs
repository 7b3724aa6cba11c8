using System.Net;
using System.Text.RegularExpressions;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>Fills in the workbench's static server-rendered forms (sign-in, registration, passwords) as a browser does.</summary>
public static partial class StaticForms
{
    /// <summary>
    /// GETs <paramref name="path"/> (or <paramref name="tokenFrom"/>, to forge a post to a page that shows no form), then posts the form
    /// <paramref name="formName"/> with <paramref name="fields"/> and that page's antiforgery token to <paramref name="path"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient client, string path, string formName, IReadOnlyDictionary<string, string> fields, string? tokenFrom = null)
    {
        var page = await client.GetStringAsync(tokenFrom ?? path);
        var antiforgery = AntiforgeryField().Match(page);
        Assert.True(antiforgery.Success, $"{path} has no form with an antiforgery token: {page[Math.Max(0, page.IndexOf("<main", StringComparison.Ordinal))..]}");
        var content = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(content));
    }

    /// <summary>Whether a form post was accepted: the pages answer success with a redirect and a refusal with the form again.</summary>
    public static bool Redirected(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
