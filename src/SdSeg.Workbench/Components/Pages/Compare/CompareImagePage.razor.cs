using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using SdSeg.Workbench.Compare;
using SdSeg.Workbench.Datasets;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Components.Pages.Compare;

/// <summary>One image across the compared runs: masks, differences from ground truth and from run A, one shared opacity, arrow keys to move.</summary>
public partial class CompareImagePage
{
    private RunComparison? comparison;
    private ImageComparisonRow? row;
    private int index = -1;
    private string? error;
    private string? loadedRuns;
    private ElementReference keyArea;
    private bool focusPending;

    [Inject] private RunComparer Comparer { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>The compared runs, e.g. "3,5"; the first is run A.</summary>
    [SupplyParameterFromQuery(Name = "runs")] public string? Runs { get; set; }

    /// <summary>The image's stem.</summary>
    [SupplyParameterFromQuery(Name = "stem")] public string? Stem { get; set; }

    /// <summary>Opacity of every panel's overlay layer, 0 to 1.</summary>
    public double Opacity { get; set; } = 0.5;

    /// <summary>Inline style of a small colour square in a legend.</summary>
    public static string SwatchStyle(Rgb24 colour) =>
        $"display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle;border:1px solid #888;background:{CompareColours.Css(colour)}";

    private string ImageUrl => row?.SampleId is { } id ? SampleImageUrls.Image(id, comparison!.DatasetVersion) : "";

    private string? GroundTruthUrl => row?.SampleId is { } id ? SampleImageUrls.MaskLayer(id, MaskLayerMode.Fill, comparison!.DatasetVersion) : null;

    protected override async Task OnParametersSetAsync()
    {
        error = null;
        try
        {
            if (comparison is null || loadedRuns != Runs)
            {
                comparison = await Comparer.CompareAsync(RunComparer.ParseRunIds(Runs));
                loadedRuns = Runs;
            }
            index = string.IsNullOrEmpty(Stem) ? 0 : comparison.IndexOf(Stem);
            if (index < 0)
                throw new CompareRequestException($"Image '{Stem}' is not among the {comparison.Rows.Count} images runs {comparison.RunIds} all predicted.");
            row = comparison.Rows[index];
            if (row.SampleId is null)
                throw new CompareRequestException($"The dataset no longer has image '{row.Stem}'.");
            focusPending = true;
        }
        catch (CompareRequestException e)
        {
            error = e.Message;
            row = null;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Keys work as soon as the page shows, and again after each move (the buttons take the focus when clicked).
        if (focusPending && row is not null)
        {
            focusPending = false;
            await keyArea.FocusAsync(preventScroll: true);
        }
    }

    private void OnOpacityChanged(double value) => Opacity = Math.Clamp(value, 0, 1);

    private Task OnKeyDown(KeyboardEventArgs e) => e.Key switch
    {
        "ArrowLeft" => GoAsync(-1),
        "ArrowRight" => GoAsync(1),
        _ => Task.CompletedTask,
    };

    private Task GoAsync(int step)
    {
        if (comparison is null || index < 0)
            return Task.CompletedTask;
        var target = index + step;
        if (target < 0 || target >= comparison.Rows.Count)
            return Task.CompletedTask;
        Navigation.NavigateTo(CompareUrls.Image(comparison.RunIds, comparison.Rows[target].Stem));
        return Task.CompletedTask;
    }

    /// <summary>The stem's position written for people, e.g. "2 of 3".</summary>
    public string Position => string.Create(CultureInfo.InvariantCulture, $"{index + 1} of {comparison?.Rows.Count ?? 0}");
}
