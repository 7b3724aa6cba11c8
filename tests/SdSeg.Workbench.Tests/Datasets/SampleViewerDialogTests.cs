using System.Globalization;
using SdSeg.Workbench.Components.Pages.Datasets;

namespace SdSeg.Workbench.Tests.Datasets;

public sealed class SampleViewerDialogTests
{
    [Theory]
    [InlineData(0, "opacity:0")]
    [InlineData(0.35, "opacity:0.35")]
    [InlineData(1.7, "opacity:1")]
    public void Mask_layer_opacity_is_clamped_and_written_with_a_dot_whatever_the_culture(double opacity, string expected)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.EndsWith(expected, SampleViewerDialog.MaskLayerStyleFor(opacity));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
