namespace SdSeg.Workbench.Datasets;

/// <summary>Where an imported dataset's files live in the blob store, as store-relative paths.</summary>
public static class DatasetFolders
{
    /// <summary>The dataset's folder: <c>datasets/&lt;id&gt;</c>.</summary>
    public static string Of(int datasetId) => $"datasets/{datasetId}";

    /// <summary>The cached thumbnail of a sample, made at import.</summary>
    public static string Thumbnail(int datasetId, string stem) => $"{Of(datasetId)}/thumbnails/{stem}.png";

    /// <summary>The cached transparent coloured mask of a sample, made on first view.</summary>
    public static string MaskLayer(int datasetId, string stem, MaskLayerMode mode) =>
        $"{Of(datasetId)}/mask-layers/{stem}.{mode.ToString().ToLowerInvariant()}.png";

    /// <summary>The recorded default split's files (train.txt, validation.txt, test.txt, split.json).</summary>
    public static string Split(int datasetId) => $"{Of(datasetId)}/split";
}
