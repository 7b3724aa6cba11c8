using SdSeg.Workbench.Api;

namespace SdSeg.Workbench.Accounts;

/// <summary>The account endpoints of the API, for admins: list accounts, change a role, lock and unlock, reset links and invite links.</summary>
public static class AccountsApi
{
    /// <summary>
    /// Maps <c>GET users</c>, <c>PUT users/{userName}/role</c>, <c>POST users/{userName}/lock</c>, <c>.../unlock</c> and
    /// <c>.../password-reset</c>, and <c>POST invitations</c> on the API group.
    /// </summary>
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").RequireAuthorization(WorkbenchRoles.AdminPolicy);
        users.MapGet("", async (UserAdministration administration, CancellationToken cancellationToken) =>
            Results.Json(await administration.ListAsync(cancellationToken), ApiJson.Options));
        users.MapPut("/{userName}/role", (string userName, RoleChange change, UserAdministration administration) =>
            WorkbenchRoles.All.Contains(change.Role)
                ? AnswerAsync(userName, () => administration.ChangeRoleAsync(userName, change.Role))
                : Task.FromResult(Results.Problem($"'{change.Role}' is not a role; choose one of {string.Join(", ", WorkbenchRoles.All)}.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Invalid role")));
        users.MapPost("/{userName}/lock", (string userName, UserAdministration administration) =>
            AnswerAsync(userName, () => administration.SetLockedAsync(userName, locked: true)));
        users.MapPost("/{userName}/unlock", (string userName, UserAdministration administration) =>
            AnswerAsync(userName, () => administration.SetLockedAsync(userName, locked: false)));
        users.MapPost("/{userName}/password-reset", async (string userName, HttpRequest request, UserAdministration administration) =>
            await administration.CreatePasswordResetAsync(userName) is { } path
                ? Results.Json(new ApiLink($"{request.Scheme}://{request.Host}{request.PathBase}/{path}"), ApiJson.Options)
                : Results.Problem($"There is no account '{userName}'.", statusCode: StatusCodes.Status404NotFound, title: "Account not found"));
        api.MapPost("/invitations", async (InvitationRequest invitation, HttpRequest request, InvitationService invitations) =>
        {
            if (!WorkbenchRoles.All.Contains(invitation.Role))
                return Results.Problem($"'{invitation.Role}' is not a role; choose one of {string.Join(", ", WorkbenchRoles.All)}.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Invalid role");
            var created = await invitations.CreateAsync(invitation.Role);
            return Results.Json(new ApiLink($"{request.Scheme}://{request.Host}{request.PathBase}/{created.Path}"), ApiJson.Options, statusCode: StatusCodes.Status201Created);
        }).RequireAuthorization(WorkbenchRoles.AdminPolicy);
        return api;
    }

    private static async Task<IResult> AnswerAsync(string userName, Func<Task<AccountSummary?>> change)
    {
        try
        {
            return await change() is { } account
                ? Results.Json(account, ApiJson.Options)
                : Results.Problem($"There is no account '{userName}'.", statusCode: StatusCodes.Status404NotFound, title: "Account not found");
        }
        catch (AccountChangeException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Account change refused");
        }
    }
}
