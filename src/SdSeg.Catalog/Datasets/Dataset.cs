namespace SdSeg.Catalog.Datasets;

/// <summary>A named collection of image/mask pairs imported into the blob store.</summary>
public class Dataset
{
    public int Id { get; set; }

    /// <summary>Unique, human-chosen name (e.g. "kvasir-seg").</summary>
    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>When the import finished, in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Number of samples imported; kept with the dataset so lists need no count query.</summary>
    public int SampleCount { get; set; }

    /// <summary>Where the data came from: an uploaded archive's file name, a folder path or a URL.</summary>
    public required string Source { get; set; }

    public List<Sample> Samples { get; set; } = [];

    public List<Split> Splits { get; set; } = [];
}
