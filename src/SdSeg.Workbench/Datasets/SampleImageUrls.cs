namespace SdSeg.Workbench.Datasets;

/// <summary>Addresses of a sample's images, relative to the app's base; <c>v</c> is the dataset's <see cref="DatasetOverview.Version"/>.</summary>
public static class SampleImageUrls
{
    public static string Thumbnail(int sampleId, long version) => $"api/samples/{sampleId}/thumbnail?v={version}";

    public static string Image(int sampleId, long version) => $"api/samples/{sampleId}/image?v={version}";

    public static string MaskLayer(int sampleId, MaskLayerMode mode, long version) =>
        $"api/samples/{sampleId}/mask-layer/{mode.ToString().ToLowerInvariant()}?v={version}";
}
