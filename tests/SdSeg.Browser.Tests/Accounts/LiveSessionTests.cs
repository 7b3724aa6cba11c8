using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests.Accounts;

/// <summary>A locked account's open tab: its Blazor circuit kept the principal it started with, and went on browsing.</summary>
[Trait("Category", "Hostile")]
public sealed class LiveSessionTests : IAsyncLifetime
{
    private WorkbenchServer server = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        server = new WorkbenchServer(realSignIn: true);
        playwright = await Playwright.CreateAsync();
        browser = await SystemChromium.LaunchAsync(playwright);
    }

    [Fact]
    public async Task Locking_an_account_closes_its_open_tab_at_once()
    {
        var alice = await CreateAsync("alice", WorkbenchRoles.Admin);
        await CreateAsync("bob", WorkbenchRoles.Researcher);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "account/login").ToString());
        await page.GetByTestId("login-username").FillAsync("bob");
        await page.GetByTestId("login-password").FillAsync(Password("bob"));
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("bob");
        await page.GotoAsync(new Uri(server.BaseAddress, "datasets").ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync("Datasets");
        // A drawer that toggles proves the circuit is connected: the tab is live, not prerendered HTML.
        await new WorkbenchPage(page).ToggleDrawerAsync("mud-drawer--closed", TimeSpan.FromSeconds(20));

        string token;
        await using (var scope = server.Services.CreateAsyncScope())
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(alice.Id, "admin script", null)).Secret;
        using var admin = new HttpClient { BaseAddress = server.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.PostAsync("api/v1/users/bob/lock", null)).StatusCode);

        await Expect(page).ToHaveURLAsync(new Regex("/account/login"), new() { Timeout = 10000 });
        await page.GotoAsync(new Uri(server.BaseAddress, "datasets").ToString());
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    private async Task<WorkbenchUser> CreateAsync(string userName, string role)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<AccountRegistration>().CreateAsync(userName, Password(userName), role);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }

    private static string Password(string userName) => $"Passw0rd-{userName}";

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
        playwright?.Dispose();
        server?.Dispose();
    }
}
