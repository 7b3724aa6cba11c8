using Microsoft.AspNetCore.Components;
using SdSeg.Workbench.Compare;

namespace SdSeg.Workbench.Components.Pages.Compare;

/// <summary>Picks runs to compare and shows their summaries, Dice histograms and per-image table; the choice lives in the address (<c>?runs=3,5</c>).</summary>
public partial class ComparePage
{
    private List<ComparableRun>? runs;
    private List<int> picked = [];
    private RunComparison? comparison;
    private string? error;

    // Shown on the picker so that tests (and impatient clicks) can tell prerendered HTML from the live circuit.
    private bool interactive;

    [Inject] private RunComparer Comparer { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>The runs to compare, e.g. "3,5"; the first is run A.</summary>
    [SupplyParameterFromQuery(Name = "runs")] public string? Runs { get; set; }

    /// <summary>"A", "B", ... for the run at <paramref name="index"/> in the comparison.</summary>
    public static string RunLetter(int index) => ((char)('A' + index)).ToString();

    protected override async Task OnParametersSetAsync()
    {
        runs ??= await Comparer.ListAsync();
        comparison = null;
        error = null;
        if (string.IsNullOrWhiteSpace(Runs))
            return;
        try
        {
            var ids = RunComparer.ParseRunIds(Runs);
            picked = [.. ids];
            comparison = await Comparer.CompareAsync(ids);
        }
        catch (CompareRequestException e)
        {
            error = e.Message;
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            interactive = true;
            StateHasChanged();
        }
    }

    private int? PickOrder(int runId) => picked.IndexOf(runId) is var i and >= 0 ? i : null;

    private void Toggle(int runId, bool on)
    {
        if (on && !picked.Contains(runId))
            picked.Add(runId);
        else if (!on)
            picked.Remove(runId);
    }

    private void CompareSelected() => Navigation.NavigateTo(CompareUrls.Page(string.Join(',', picked)));
}
