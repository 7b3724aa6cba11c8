using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Tests.Runs;

namespace SdSeg.Workbench.Tests.Accounts;

/// <summary>A sign-in survives a restart: the data-protection keys live under the data root (the Docker volume), not in ~/.aspnet.</summary>
public sealed partial class SignInKeyPersistenceTests : IDisposable
{
    private readonly string dataRoot = Directory.CreateTempSubdirectory("sdseg-keys-tests-").FullName;

    [Fact]
    public async Task A_cookie_issued_by_one_app_instance_is_accepted_by_a_new_instance_on_the_same_data_root()
    {
        string cookie;
        using (var first = new RunsHost(dataRoot).Started())
        {
            await using (var scope = first.Services.CreateAsyncScope())
            {
                var (result, _) = await scope.ServiceProvider.GetRequiredService<AccountRegistration>().CreateAsync("ada", AccountsHost.Password("ada"), WorkbenchRoles.Admin);
                Assert.True(result.Succeeded);
            }
            cookie = await SignInAsync(first, "ada");
            using var client = Client(first, cookie);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/runs")).StatusCode);
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dataRoot, "keys"), "key-*.xml"));

        using var second = new RunsHost(dataRoot).Started();
        using var again = Client(second, cookie);

        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/runs")).StatusCode);
    }

    /// <summary>Signs in through the login form and returns the Cookie header that carries the sign-in.</summary>
    private static async Task<string> SignInAsync(RunsHost host, string userName)
    {
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var form = await client.GetAsync("/account/login");
        var antiforgeryCookie = CookiePairs(form).Single();
        var token = AntiforgeryField().Match(await form.Content.ReadAsStringAsync());
        Assert.True(token.Success, "The login form has no antiforgery token.");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
                ["Input.UserName"] = userName,
                ["Input.Password"] = AccountsHost.Password(userName),
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        using var response = await client.SendAsync(post);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Sign-in answered {(int)response.StatusCode}");
        var signIn = CookiePairs(response).Where(c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(signIn);
        return string.Join("; ", signIn);
    }

    private static HttpClient Client(RunsHost host, string cookie)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static IEnumerable<string> CookiePairs(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataRoot))
            Directory.Delete(dataRoot, recursive: true);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
