using SdSeg.Workbench.Accounts;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Components.Pages.Datasets;

/// <summary>One dataset: statistics, foreground histogram, split, a paged thumbnail grid with a mask viewer, and deletion.</summary>
public partial class DatasetDetails
{
    /// <summary>Thumbnails per page: only these are queried and requested.</summary>
    public const int PageSize = 48;

    private DatasetOverview? overview;
    private bool loaded;
    private IReadOnlyList<SampleTile> tiles = [];
    private int pageNumber = 1;
    private List<ChartSeries<double>> histogramSeries = [];
    private string[] histogramLabels = [];
    private bool deleting;
    private string? deleteError;

    /// <summary>The dataset's catalog id, from the address.</summary>
    [Parameter] public int Id { get; set; }

    [Inject] private DatasetBrowser Browser { get; set; } = null!;

    [Inject] private DatasetDeletionService Deletion { get; set; } = null!;
    [Inject] private ChangePermission Permission { get; set; } = null!;

    [Inject] private IDialogService Dialogs { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private IOptions<DatasetUploadOptions> UploadOptions { get; set; } = null!;

    private int ThumbnailSize => UploadOptions.Value.ThumbnailSize;

    private string TileStyle => $"width:{ThumbnailSize + 10}px;cursor:pointer";

    private string ThumbnailStyle => $"width:{ThumbnailSize}px;height:{ThumbnailSize}px;object-fit:contain;background:#111;display:block";

    private int PageCount => overview is null ? 0 : (overview.SampleCount + PageSize - 1) / PageSize;

    protected override async Task OnParametersSetAsync()
    {
        overview = await Browser.GetOverviewAsync(Id);
        loaded = true;
        if (overview is null)
            return;
        histogramLabels = ForegroundHistogram.Labels(DatasetBrowser.HistogramBins);
        histogramSeries = [new ChartSeries<double> { Name = "Samples", Data = overview.ForegroundHistogram.Select(c => (double)c).ToArray() }];
        pageNumber = 1;
        tiles = await Browser.GetPageAsync(Id, 0, PageSize);
    }

    private async Task GoToPageAsync(int page)
    {
        pageNumber = page;
        tiles = await Browser.GetPageAsync(Id, page - 1, PageSize);
    }

    private async Task OpenAsync(SampleTile tile)
    {
        var parameters = new DialogParameters<SampleViewerDialog>
        {
            { d => d.Sample, tile },
            { d => d.Version, overview!.Version },
        };
        await Dialogs.ShowAsync<SampleViewerDialog>(tile.Stem, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
    }

    private async Task DeleteAsync()
    {
        if (overview is null)
            return;
        await Permission.EnsureAllowedAsync("delete datasets");
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Delete dataset",
            $"Delete '{overview.Name}' with its {overview.SampleCount} samples, its split and all its files? This cannot be undone.",
            yesText: "Delete", cancelText: "Keep it");
        if (confirmed != true)
            return;

        deleting = true;
        deleteError = null;
        try
        {
            await Deletion.DeleteAsync(overview.Id);
            Navigation.NavigateTo("datasets");
        }
        catch (UsedByRunsException ex)
        {
            deleteError = ex.Message;
        }
        finally
        {
            deleting = false;
        }
    }

    private static string Range(int min, int max) => min == max ? $"{min}" : $"{min}–{max}";

    private static string Percent(double fraction) => fraction.ToString("0%", CultureInfo.InvariantCulture);
}
