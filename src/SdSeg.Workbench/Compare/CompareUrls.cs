namespace SdSeg.Workbench.Compare;

/// <summary>Addresses of the compare pages and endpoints, relative to the app's base.</summary>
public static class CompareUrls
{
    public static string Page(string runIds) => $"compare?runs={runIds}";

    public static string Image(string runIds, string stem) => $"compare/image?runs={runIds}&stem={Uri.EscapeDataString(stem)}";

    public static string Csv(string runIds) => $"api/compare.csv?runs={runIds}";

    public static string MasksZip(string runIds) => $"api/compare/masks.zip?runs={runIds}";

    public static string MaskLayer(int runId, string stem, int slot) => $"api/compare/runs/{runId}/mask-layer?stem={Uri.EscapeDataString(stem)}&slot={slot}";

    public static string Difference(int runId, string stem) => $"api/compare/runs/{runId}/difference?stem={Uri.EscapeDataString(stem)}";

    public static string Disagreement(int firstRunId, int secondRunId, string stem) =>
        $"api/compare/disagreement?a={firstRunId}&b={secondRunId}&stem={Uri.EscapeDataString(stem)}";
}
