using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Tests.Accounts;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>Who may create an account: the first admin only with the setup token from the log, then closed, invite or open registration.</summary>
[Trait("Category", "Hostile")]
public sealed partial class RegistrationTests
{
    private static Dictionary<string, string> Account(string userName, string? setupToken = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = AccountsHost.Password(userName),
            ["Input.ConfirmPassword"] = AccountsHost.Password(userName),
        };
        if (setupToken is not null)
            fields["Input.SetupToken"] = setupToken;
        return fields;
    }

    private static HttpClient Browser(AccountsHost host) =>
        host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task The_first_visitor_of_a_fresh_install_cannot_become_admin_without_the_setup_token_from_the_log()
    {
        var log = new LogCapture();
        using var host = new AccountsHost(services: s => s.AddSingleton<ILogEventSink>(log));
        using var visitor = Browser(host);

        var page = await visitor.GetStringAsync("/account/register");
        Assert.Contains("no admin yet", page, StringComparison.Ordinal);
        var withoutToken = await StaticForms.PostAsync(visitor, "/account/register", "register", Account("mallory"));
        Assert.False(StaticForms.Redirected(withoutToken));
        Assert.Contains("setup token is wrong", await withoutToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var guessed = await StaticForms.PostAsync(visitor, "/account/register", "register", Account("mallory", "0123456789abcdef0123456789"));
        Assert.False(StaticForms.Redirected(guessed));
        await using (var db = host.Factory.OpenCatalog())
            Assert.Empty(db.Users);

        var line = Assert.Single(log.Lines, l => l.StartsWith("Setup token: ", StringComparison.Ordinal));
        var token = SetupTokenLine().Match(line).Groups[1].Value;
        var admin = await StaticForms.PostAsync(visitor, "/account/register", "register", Account("alice", token));
        Assert.True(StaticForms.Redirected(admin), await admin.Content.ReadAsStringAsync());
        Assert.Equal([WorkbenchRoles.Admin], await RolesAsync(host, "alice"));

        // The token was for the first admin only; and registration is now closed, the default.
        using var second = Browser(host);
        Assert.Contains("Registration is closed", await second.GetStringAsync("/account/register"), StringComparison.Ordinal);
        var forged = await StaticForms.PostAsync(second, "/account/register", "register", Account("mallory", token), tokenFrom: "/account/login");
        Assert.False(StaticForms.Redirected(forged));
        Assert.Null(await FindAsync(host, "mallory"));
    }

    [Fact]
    public async Task A_configured_setup_token_is_the_one_that_works_and_is_not_written_to_the_log()
    {
        const string configured = "lab-setup-token-of-our-own-choosing";
        var log = new LogCapture();
        using var host = new AccountsHost(new Dictionary<string, string?> { ["SdSeg:SetupToken"] = configured }, s => s.AddSingleton<ILogEventSink>(log));
        using var visitor = Browser(host);

        Assert.True(StaticForms.Redirected(await StaticForms.PostAsync(visitor, "/account/register", "register", Account("alice", configured))));
        Assert.Equal([WorkbenchRoles.Admin], await RolesAsync(host, "alice"));
        Assert.DoesNotContain(log.Lines, l => l.Contains(configured, StringComparison.Ordinal) || l.StartsWith("Setup token:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_visitors_racing_with_the_setup_token_give_one_admin()
    {
        using var host = new AccountsHost();
        var token = host.Factory.Services.GetRequiredService<SetupToken>().Value;
        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            await using var scope = host.Factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AccountRegistration>()
                .RegisterAsync(new RegistrationRequest($"racer{i}", AccountsHost.Password($"racer{i}"), token));
        }));
        Assert.Single(attempts, a => a.Succeeded);
        await using var db = host.Factory.OpenCatalog();
        Assert.Equal(1, db.Users.Count());
    }

    [Fact]
    public async Task Invite_mode_registers_only_with_an_admins_link_once_with_its_role()
    {
        using var host = new AccountsHost(new Dictionary<string, string?> { ["SdSeg:Registration"] = "invite" });
        var alice = await host.AddAccountAsync("alice", WorkbenchRoles.Admin);
        using var admin = host.BearerClient((await host.IssueTokenAsync(alice)).Secret);
        using var visitor = Browser(host);

        Assert.Contains("needs an invite link", await visitor.GetStringAsync("/account/register"), StringComparison.Ordinal);
        Assert.False(StaticForms.Redirected(await StaticForms.PostAsync(visitor, "/account/register", "register", Account("mallory"), tokenFrom: "/account/login")));

        var made = await admin.PostAsJsonAsync("/api/v1/invitations", new { role = WorkbenchRoles.Researcher });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var link = new Uri((await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link").GetString()!);
        Assert.True(StaticForms.Redirected(await StaticForms.PostAsync(visitor, link.PathAndQuery, "register", Account("bob"))));
        Assert.Equal([WorkbenchRoles.Researcher], await RolesAsync(host, "bob"));

        using var other = Browser(host);
        Assert.Contains("not valid", await other.GetStringAsync(link.PathAndQuery), StringComparison.Ordinal);
        Assert.False(StaticForms.Redirected(await StaticForms.PostAsync(other, "/account/register", "register", Account("carol"), tokenFrom: "/account/login")));
        Assert.Null(await FindAsync(host, "carol"));
    }

    [Fact]
    public async Task Closed_mode_refuses_even_an_invite_and_open_mode_makes_viewers()
    {
        using (var closed = new AccountsHost())
        {
            var alice = await closed.AddAccountAsync("alice", WorkbenchRoles.Admin);
            var invitation = await closed.AsUserAsync(alice, s => s.GetRequiredService<InvitationService>().CreateAsync(WorkbenchRoles.Admin));
            using var visitor = Browser(closed);
            Assert.Contains("invite links do not work", await visitor.GetStringAsync("/" + invitation.Path), StringComparison.Ordinal);
        }

        using var open = new AccountsHost(new Dictionary<string, string?> { ["SdSeg:Registration"] = "open" });
        await open.AddAccountAsync("alice", WorkbenchRoles.Admin);
        using var newcomer = Browser(open);
        Assert.True(StaticForms.Redirected(await StaticForms.PostAsync(newcomer, "/account/register", "register", Account("dave"))));
        Assert.Equal([WorkbenchRoles.Viewer], await RolesAsync(open, "dave"));
    }

    [Fact]
    public async Task A_user_name_with_a_direction_control_is_refused_naming_it()
    {
        using var host = new AccountsHost();
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var disguised = await scope.ServiceProvider.GetRequiredService<AccountRegistration>().CreateAsync("admin\u202Enimda", "Passw0rd-bob", WorkbenchRoles.Viewer);
        Assert.False(disguised.Result.Succeeded);
        Assert.Contains("U+202E", Assert.Single(disguised.Result.Errors).Description, StringComparison.Ordinal);
    }

    private static async Task<WorkbenchUser?> FindAsync(AccountsHost host, string userName)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync(userName);
    }

    private static async Task<IList<string>> RolesAsync(AccountsHost host, string userName)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        return await users.GetRolesAsync(await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"{userName} is not registered."));
    }

    [GeneratedRegex("^Setup token: (\\S+)$")]
    private static partial Regex SetupTokenLine();
}
