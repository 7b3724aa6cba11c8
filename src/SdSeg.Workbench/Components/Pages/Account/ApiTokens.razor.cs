using Microsoft.AspNetCore.Components;
using SdSeg.Catalog.Identity;
using SdSeg.Workbench.Accounts;

namespace SdSeg.Workbench.Components.Pages.Account;

/// <summary>The signed-in user's API tokens: create one (its secret shown once), list them, revoke one.</summary>
public partial class ApiTokens
{
    private string? userId;
    private IReadOnlyList<ApiToken>? tokens;
    private CreatedApiToken? created;
    private string name = "";
    private int validDays = 90;
    private string? error;
    private bool busy;

    [Inject] private CurrentAccount Account { get; set; } = null!;

    [Inject] private ApiTokenService Tokens { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        userId = await Account.UserIdAsync();
        if (userId is not null)
            tokens = await Tokens.ListAsync(userId);
    }

    private async Task CreateAsync()
    {
        if (userId is null)
            return;
        busy = true;
        error = null;
        created = null;
        try
        {
            DateTime? expiresAt = validDays > 0 ? Time.GetUtcNow().UtcDateTime.AddDays(validDays) : null;
            created = await Tokens.CreateAsync(userId, name, expiresAt);
            name = "";
            tokens = await Tokens.ListAsync(userId);
        }
        catch (ArgumentException e)
        {
            error = e.Message.Split(" (Parameter", 2)[0];
        }
        finally
        {
            busy = false;
        }
    }

    private async Task RevokeAsync(ApiToken token)
    {
        if (userId is null)
            return;
        busy = true;
        try
        {
            await Tokens.RevokeAsync(userId, token.Id);
            if (created?.Token.Id == token.Id)
                created = null;
            tokens = await Tokens.ListAsync(userId);
        }
        finally
        {
            busy = false;
        }
    }

    private string Status(ApiToken token) =>
        token.RevokedAt is not null ? "revoked"
        : token.ExpiresAt is { } expiry && expiry <= Time.GetUtcNow().UtcDateTime ? "expired"
        : "active";
}
