using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SdSeg.Workbench.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests.Accounts;

public sealed class CookieLoginTests : RealSignInTest
{
    [Fact]
    public async Task First_admin_registers_with_the_setup_token_lands_on_home_sees_its_name_and_logs_out()
    {
        await using var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(Server.BaseAddress.ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GetByTestId("register-link").ClickAsync();
        // The first admin proves they run the workbench with the token it wrote to its log at start.
        await page.GetByTestId("register-setup-token").FillAsync(Server.Services.GetRequiredService<SetupToken>().Value);
        await page.GetByTestId("register-username").FillAsync("alice");
        await page.GetByTestId("register-password").FillAsync("Passw0rdAlice");
        await page.GetByTestId("register-confirm").FillAsync("Passw0rdAlice");
        await page.GetByTestId("register-submit").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Home");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("alice");

        await page.GetByTestId("logout").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GotoAsync(Server.BaseAddress.ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }
}
