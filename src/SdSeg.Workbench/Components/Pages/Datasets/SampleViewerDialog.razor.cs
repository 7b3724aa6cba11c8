using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Components.Pages.Datasets;

/// <summary>Shows one sample's image with its mask laid over it: opacity from 0 (find stray pixels by toggling) to 1, fill or outline.</summary>
public partial class SampleViewerDialog
{
    [CascadingParameter] private IMudDialogInstance? Dialog { get; set; }

    /// <summary>The sample to show.</summary>
    [Parameter, EditorRequired] public SampleTile Sample { get; set; } = null!;

    /// <summary>The dataset's version, carried in the image addresses (see <see cref="DatasetOverview.Version"/>).</summary>
    [Parameter] public long Version { get; set; }

    /// <summary>Opacity of the mask layer, 0 to 1.</summary>
    [Parameter] public double Opacity { get; set; } = 0.5;

    /// <summary>Whether the mask is drawn filled or as its outline.</summary>
    [Parameter] public MaskLayerMode Mode { get; set; } = MaskLayerMode.Fill;

    /// <summary>The mask layer's inline style; opacity is clamped to [0, 1] and written with a dot whatever the culture.</summary>
    public static string MaskLayerStyleFor(double opacity) =>
        string.Create(CultureInfo.InvariantCulture, $"position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;opacity:{Math.Clamp(opacity, 0, 1):0.###}");

    private string MaskLayerStyle => MaskLayerStyleFor(Opacity);

    private void OnOpacityChanged(double value) => Opacity = value;

    private void OnModeChanged(MaskLayerMode mode) => Mode = mode;
}
