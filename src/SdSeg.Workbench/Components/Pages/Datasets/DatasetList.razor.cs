using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Datasets;
using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Components.Pages.Datasets;

/// <summary>The datasets page: the upload entry point and a table of imported datasets, refreshed when any circuit imports or deletes one.</summary>
public partial class DatasetList
{
    private List<Dataset>? datasets;
    private IDisposable? subscription;

    [Inject] private IDbContextFactory<CatalogDbContext> CatalogFactory { get; set; } = null!;

    [Inject] private DatasetChangeNotifier Notifier { get; set; } = null!;

    protected override Task OnInitializedAsync() => LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
            subscription = Notifier.Subscribe(() => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
    }

    public void Dispose() => subscription?.Dispose();

    private async Task LoadAsync()
    {
        await using var db = await CatalogFactory.CreateDbContextAsync();
        datasets = await db.Datasets.AsNoTracking().OrderByDescending(d => d.CreatedAt).ToListAsync();
    }
}
