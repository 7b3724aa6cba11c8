using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SdSeg.Catalog;
using SdSeg.Catalog.Storage;
using SdSeg.Workbench.Accounts;
using SdSeg.Workbench.Datasets;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Tests.Components;

/// <summary>
/// A bUnit context whose components get the running workbench's own services (catalog on its SQLite file, upload service,
/// run scheduler and progress, account roles, authorization policies) and whose circuit is signed in as the principal it is given.
/// </summary>
public sealed class WorkbenchComponentContext : BunitContext
{
    public WorkbenchComponentContext(WorkbenchFactory factory, ClaimsPrincipal principal)
    {
        // MudBlazor calls into JS for focus, popovers and file pickers; none of those answers matter here.
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();

        var app = factory.Services;
        Services.AddSingleton(app.GetRequiredService<IDbContextFactory<CatalogDbContext>>());
        Services.AddSingleton(app.GetRequiredService<DatasetUploadService>());
        Services.AddSingleton(app.GetRequiredService<DatasetChangeNotifier>());
        Services.AddSingleton(app.GetRequiredService<AccountRoles>());
        Services.AddSingleton(app.GetRequiredService<BlobStore>());
        Services.AddSingleton(app.GetRequiredService<RunNotifier>());
        Services.AddSingleton(app.GetRequiredService<RunProgressStore>());
        Services.AddSingleton(app.GetRequiredService<RunScheduler>());
        // The app's own authorization service and policies (CanChange, Admin), in place of bUnit's placeholder, so AuthorizeView
        // decides exactly as it does in the workbench.
        Services.AddSingleton(app.GetRequiredService<IAuthorizationPolicyProvider>());
        Services.AddSingleton(app.GetRequiredService<IAuthorizationService>());
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(new SignedInPrincipal(principal));
        Services.AddScoped<CurrentAccount>();
        Services.AddScoped<ChangePermission>();
    }
}
