using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;

namespace SdSeg.Workbench.Components.Pages.Account;

/// <summary>The admins' account list: change an account's role, lock or unlock it, make password-reset and invite links.</summary>
public partial class UserManagement
{
    private IReadOnlyList<AccountSummary>? accounts;
    private string? refusal;
    private string? error;
    private bool busy;
    private int version;
    private IReadOnlyList<Invitation>? invitations;
    private string inviteRole = WorkbenchRoles.Viewer;
    private string? link;
    private string? linkLabel;

    [Inject] private UserAdministration Administration { get; set; } = null!;
    [Inject] private InvitationService Invitations { get; set; } = null!;
    [Inject] private IOptions<AccountOptions> Options { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            accounts = await Administration.ListAsync();
            invitations = await Invitations.ListPendingAsync();
            version++;
        }
        catch (UnauthorizedAccessException e)
        {
            // Reached by navigating inside a circuit, where the page's [Authorize] is not checked; the service refuses anyway.
            refusal = e.Message;
        }
    }

    private Task ChangeRoleAsync(AccountSummary account, string role) =>
        ChangeAsync(() => Administration.ChangeRoleAsync(account.UserName, role));

    private Task SetLockedAsync(AccountSummary account, bool locked) =>
        ChangeAsync(() => Administration.SetLockedAsync(account.UserName, locked));

    private async Task ResetPasswordAsync(AccountSummary account)
    {
        await RunAsync(async () =>
        {
            var path = await Administration.CreatePasswordResetAsync(account.UserName);
            (link, linkLabel) = path is null ? (null, null) : (Navigation.ToAbsoluteUri(path).ToString(), $"Password reset link for {account.UserName}, valid for a day.");
            error = path is null ? "That account no longer exists." : null;
        });
    }

    private Task CreateInviteAsync() => RunAsync(async () =>
    {
        var created = await Invitations.CreateAsync(inviteRole);
        (link, linkLabel) = (Navigation.ToAbsoluteUri(created.Path).ToString(), $"Invite link for a new {created.Role}, valid until {created.ExpiresAt:yyyy-MM-dd HH:mm} UTC.");
    });

    private Task RevokeInviteAsync(int id) => RunAsync(() => Invitations.RevokeAsync(id));

    private async Task RunAsync(Func<Task> action)
    {
        busy = true;
        error = null;
        try
        {
            await action();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or ArgumentException)
        {
            error = e.Message;
        }
        finally
        {
            busy = false;
        }
        await ReloadAsync();
    }

    private async Task ChangeAsync(Func<Task<AccountSummary?>> change)
    {
        busy = true;
        error = null;
        try
        {
            if (await change() is null)
                error = "That account no longer exists.";
        }
        catch (Exception e) when (e is AccountChangeException or UnauthorizedAccessException)
        {
            error = e.Message;
        }
        finally
        {
            busy = false;
        }
        await ReloadAsync();
    }
}
