using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SdSeg.Workbench.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests.Accounts;

/// <summary>A locked account's open tab: its Blazor circuit kept the principal it started with, and went on browsing.</summary>
[Trait("Category", "Hostile")]
public sealed class LiveSessionTests : RealSignInTest
{
    [Fact]
    public async Task Locking_an_account_closes_its_open_tab_at_once()
    {
        var alice = await CreateAccountAsync("alice", WorkbenchRoles.Admin);
        await CreateAccountAsync("bob", WorkbenchRoles.Researcher);
        await using var context = await Browser.NewContextAsync();
        var page = await SignInAsync(context, "bob");
        await page.GotoAsync(new Uri(Server.BaseAddress, "datasets").ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync("Datasets");
        // A drawer that toggles proves the circuit is connected: the tab is live, not prerendered HTML.
        await new WorkbenchPage(page).ToggleDrawerAsync("mud-drawer--closed", TimeSpan.FromSeconds(20));

        string token;
        await using (var scope = Server.Services.CreateAsyncScope())
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(alice.Id, "admin script", null)).Secret;
        using var admin = new HttpClient { BaseAddress = Server.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.PostAsync("api/v1/users/bob/lock", null)).StatusCode);

        await Expect(page).ToHaveURLAsync(new Regex("/account/login"), new() { Timeout = 10000 });
        await page.GotoAsync(new Uri(Server.BaseAddress, "datasets").ToString());
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }
}
