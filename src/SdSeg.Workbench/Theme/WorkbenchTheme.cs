using MudBlazor;

namespace SdSeg.Workbench.Theme;

/// <summary>The workbench's MudBlazor theme: calm blue-grey for long sessions with images.</summary>
public static class WorkbenchTheme
{
    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5f8b",
            Secondary = "#2a9d8f",
            Tertiary = "#e76f51",
            AppbarBackground = "#163f5c",
            AppbarText = "#ffffff",
            Background = "#f5f7fa",
            DrawerBackground = "#ffffff",
            DrawerText = "#263238",
            DrawerIcon = "#1f5f8b",
            TextPrimary = "#1d2731",
            TextSecondary = "#55646f",
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "6px",
            DrawerWidthLeft = "232px",
        },
    };
}
