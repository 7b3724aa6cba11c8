using Microsoft.Extensions.DependencyInjection;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Tests.Accounts;

namespace SdSeg.Workbench.Tests.Components;

/// <summary>A workbench with real accounts on its SQLite catalog, and bUnit contexts signed in as accounts of chosen roles.</summary>
public sealed class ComponentHost : IAsyncDisposable
{
    private readonly AccountsHost accounts = new();
    private readonly List<WorkbenchComponentContext> contexts = [];

    public WorkbenchFactory Factory => accounts.Factory;

    /// <summary>A bUnit context signed in as a new catalog account holding <paramref name="role"/> (after a first admin, as registration goes).</summary>
    public async Task<WorkbenchComponentContext> SignInAsync(string userName, string role)
    {
        if (contexts.Count == 0)
            await accounts.AddAccountAsync("first-admin", WorkbenchRoles.Admin);
        var user = await accounts.AddAccountAsync(userName, role);
        await using var scope = Factory.Services.CreateAsyncScope();
        var principal = await AccountsHost.PrincipalAsync(scope.ServiceProvider, user);
        var context = new WorkbenchComponentContext(Factory, principal);
        contexts.Add(context);
        return context;
    }

    // MudBlazor's services are only asynchronously disposable, so the contexts are too.
    public async ValueTask DisposeAsync()
    {
        foreach (var context in contexts)
            await context.DisposeAsync();
        accounts.Dispose();
    }
}
