using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SdSeg.Browser.Tests.Accounts;

/// <summary>A test class's workbench with the real cookie sign-in and its Chromium, with helpers to create accounts and sign in.</summary>
public abstract class RealSignInTest : IAsyncLifetime
{
    private IPlaywright playwright = null!;

    protected WorkbenchServer Server { get; private set; } = null!;

    protected IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Server = new WorkbenchServer(realSignIn: true);
        playwright = await Playwright.CreateAsync();
        Browser = await SystemChromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        playwright?.Dispose();
        Server?.Dispose();
    }

    protected static string Password(string userName) => $"Passw0rd-{userName}";

    /// <summary>Creates <paramref name="userName"/> with <paramref name="role"/>, as an admin's invite would.</summary>
    protected async Task<WorkbenchUser> CreateAccountAsync(string userName, string role)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<AccountRegistration>().CreateAsync(userName, Password(userName), role);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>A new page of <paramref name="context"/>, signed in as <paramref name="userName"/> through the login form.</summary>
    protected async Task<IPage> SignInAsync(IBrowserContext context, string userName)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Server.BaseAddress, "account/login").ToString());
        await page.GetByTestId("login-username").FillAsync(userName);
        await page.GetByTestId("login-password").FillAsync(Password(userName));
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(userName);
        return page;
    }
}
