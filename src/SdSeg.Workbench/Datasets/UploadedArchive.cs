namespace SdSeg.Workbench.Datasets;

/// <summary>A zip received from a user and kept in its own work folder under the data root until imported or discarded.</summary>
/// <param name="WorkFolder">The upload's own folder: <c>&lt;DataRoot&gt;/uploads/&lt;guid&gt;</c>.</param>
/// <param name="FileName">The name the user's file had (for the dataset's source and default name).</param>
/// <param name="SizeBytes">Bytes received.</param>
public sealed record UploadedArchive(string WorkFolder, string FileName, long SizeBytes)
{
    /// <summary>The received zip.</summary>
    public string ZipPath => Path.Combine(WorkFolder, "upload.zip");

    /// <summary>Where the zip is extracted for scanning.</summary>
    public string ExtractionFolder => Path.Combine(WorkFolder, "extracted");

    /// <summary>Where inspection writes the normalised copy of the valid pairs while scanning them, for the import to take over.</summary>
    public string PreparedFolder => Path.Combine(WorkFolder, "prepared");

    /// <summary>Where the normalised dataset is built before it moves into the blob store.</summary>
    public string ImportFolder => Path.Combine(WorkFolder, "dataset");

    /// <summary>A dataset name suggested from the file name, e.g. "kvasir-seg" for "kvasir-seg.zip".</summary>
    public string SuggestedName => Path.GetFileNameWithoutExtension(FileName);
}
