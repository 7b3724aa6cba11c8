using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests.Accounts;

public sealed class UserManagementFlowTests : RealSignInTest
{
    [Fact]
    public async Task Admin_makes_a_viewer_a_researcher_on_the_users_page_and_cannot_demote_the_last_admin()
    {
        await CreateAccountAsync("alice", WorkbenchRoles.Admin);
        await CreateAccountAsync("bob", WorkbenchRoles.Viewer);
        await using var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await SignInAsync(context, "alice");

        await Expect(page.GetByTestId("nav-users")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(Server.BaseAddress, "admin/users").ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync("Users");
        await Expect(page.GetByTestId("users-table")).ToContainTextAsync("bob");
        await WorkbenchPage.ChooseAsync(page, "role-bob", WorkbenchRoles.Researcher);
        Assert.Equal([WorkbenchRoles.Researcher], await RolesWhenChangedAsync("bob", WorkbenchRoles.Viewer));

        await WorkbenchPage.ChooseAsync(page, "role-alice", WorkbenchRoles.Viewer, expectChange: false);
        await Expect(page.GetByTestId("users-error")).ToContainTextAsync("last admin");
        await Expect(page.GetByTestId("role-alice")).ToContainTextAsync(WorkbenchRoles.Admin);
        Assert.Equal([WorkbenchRoles.Admin], await RolesAsync("alice"));
    }

    [Fact]
    public async Task A_token_created_on_the_tokens_page_is_shown_once_and_works_until_revoked()
    {
        await CreateAccountAsync("alice", WorkbenchRoles.Admin);
        await using var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await SignInAsync(context, "alice");

        await page.GotoAsync(new Uri(Server.BaseAddress, "account/tokens").ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync("API tokens");
        var secret = await CreateTokenAsync(page, "nightly script");
        Assert.StartsWith(ApiTokenService.SecretStart, secret, StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/runs")).StatusCode);

        await page.Locator("[data-testid^=revoke-token-]").First.ClickAsync();
        await Expect(page.Locator("[data-testid^=token-status-]").First).ToHaveTextAsync("revoked");
        await Expect(page.GetByTestId("token-secret")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/runs")).StatusCode);
    }

    /// <summary>Fills in and submits the new-token form, retried because clicks do nothing until the circuit is connected.</summary>
    private static async Task<string> CreateTokenAsync(IPage page, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var input = page.Locator("input[data-testid=token-name], [data-testid=token-name] input").First;
            await input.FillAsync(name);
            await input.PressAsync("Tab");
            await page.GetByTestId("create-token").ClickAsync();
            try
            {
                await Expect(page.GetByTestId("token-secret")).ToBeVisibleAsync(new() { Timeout = 1000 });
                return (await page.GetByTestId("token-secret").TextContentAsync())!.Trim();
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    private async Task<string[]> RolesAsync(string userName)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        return [.. await users.GetRolesAsync((await users.FindByNameAsync(userName))!)];
    }

    /// <summary>The account's roles once they are no longer just <paramref name="before"/>, or after five seconds.</summary>
    private async Task<string[]> RolesWhenChangedAsync(string userName, string before)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var roles = await RolesAsync(userName);
            if (roles is not [var only] || only != before || DateTime.UtcNow > deadline)
                return roles;
            await Task.Delay(100);
        }
    }
}
