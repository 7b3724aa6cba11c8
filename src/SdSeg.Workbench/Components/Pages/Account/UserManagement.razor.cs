using Microsoft.AspNetCore.Components;
using SdSeg.Workbench.Accounts;

namespace SdSeg.Workbench.Components.Pages.Account;

/// <summary>The admins' account list: change an account's role, lock or unlock it.</summary>
public partial class UserManagement
{
    private IReadOnlyList<AccountSummary>? accounts;
    private string? refusal;
    private string? error;
    private bool busy;
    private int version;

    [Inject] private UserAdministration Administration { get; set; } = null!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            accounts = await Administration.ListAsync();
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
