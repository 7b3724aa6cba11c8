using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;

namespace SdSeg.Workbench.Tests.Accounts;

/// <summary>The workbench with real cookie and token sign-in, and helpers to register accounts, issue tokens and sign in.</summary>
public sealed partial class AccountsHost(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : IDisposable
{
    public WorkbenchFactory Factory { get; } = new() { RealSignIn = true, Settings = settings ?? new Dictionary<string, string?>(), TestServices = services };

    /// <summary>Creates the account <paramref name="userName"/> with <paramref name="role"/>, as an admin's invite would.</summary>
    public async Task<WorkbenchUser> AddAccountAsync(string userName, string role)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<AccountRegistration>().CreateAsync(userName, Password(userName), role);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>Issues a token for <paramref name="user"/> straight from the service, as the tokens page does.</summary>
    public async Task<CreatedApiToken> IssueTokenAsync(WorkbenchUser user, string name = "script", DateTime? expiresAt = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, name, expiresAt);
    }

    /// <summary>A client without cookies that sends <paramref name="secret"/> as a bearer token.</summary>
    public HttpClient BearerClient(string secret)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>
    /// A client signed in through the login form, holding the sign-in cookie and sending the API's antiforgery header, as a script
    /// on the workbench's own pages would.
    /// </summary>
    public async Task<HttpClient> CookieClientAsync(string userName)
    {
        var client = await SignedInClientAsync(userName);
        var antiforgery = await client.GetFromJsonAsync<JsonElement>("/api/v1/antiforgery");
        client.DefaultRequestHeaders.Add(antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString());
        return client;
    }

    /// <summary>A client signed in through the login form, holding the sign-in cookie, and nothing more.</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName, string? password = null)
    {
        var (client, response) = await PostLoginAsync(userName, password ?? Password(userName));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Sign-in of {userName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Posts the login form as a browser does; the client keeps the cookies, the response says how it went.</summary>
    public async Task<(HttpClient Client, HttpResponseMessage Response)> PostLoginAsync(string userName, string password)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/account/login");
        var antiforgery = AntiforgeryField().Match(form);
        Assert.True(antiforgery.Success, "The login form has no antiforgery token.");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
        return (client, response);
    }

    /// <summary>Runs <paramref name="action"/> in a scope whose user is <paramref name="user"/>, as a circuit signed in as that user would.</summary>
    public async Task<T> AsUserAsync<T>(WorkbenchUser user, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var principal = await PrincipalAsync(scope.ServiceProvider, user);
        return await AsPrincipalAsync(scope.ServiceProvider, principal, action);
    }

    /// <summary>The principal a cookie sign-in of <paramref name="user"/> would carry now.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, WorkbenchUser user)
    {
        var users = services.GetRequiredService<UserManager<WorkbenchUser>>();
        var current = await users.FindByIdAsync(user.Id) ?? throw new InvalidOperationException($"{user.UserName} is not in the catalog.");
        return await services.GetRequiredService<IUserClaimsPrincipalFactory<WorkbenchUser>>().CreateAsync(current);
    }

    /// <summary>Runs <paramref name="action"/> with <paramref name="principal"/> as the scope's authentication state.</summary>
    public static Task<T> AsPrincipalAsync<T>(IServiceProvider services, ClaimsPrincipal principal, Func<IServiceProvider, Task<T>> action)
    {
        ((IHostEnvironmentAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return action(services);
    }

    /// <summary>Changes <paramref name="userName"/>'s role through the admin API, as <paramref name="admin"/>.</summary>
    public static async Task<HttpResponseMessage> ChangeRoleAsync(HttpClient admin, string userName, string role) =>
        await admin.PutAsJsonAsync($"/api/v1/users/{userName}/role", new { role });

    public static string Password(string userName) => $"Passw0rd-{userName}";

    /// <summary>The header that carries the API's antiforgery token.</summary>
    public const string AntiforgeryHeader = SdSeg.Workbench.Security.CookieApiGuard.HeaderName;

    public void Dispose() => Factory.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
