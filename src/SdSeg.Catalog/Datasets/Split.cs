namespace SdSeg.Catalog.Datasets;

/// <summary>A seeded partition of a dataset's samples into train, validation and test subsets.</summary>
public class Split
{
    public int Id { get; set; }

    public int DatasetId { get; set; }

    public Dataset? Dataset { get; set; }

    /// <summary>Seed of the shuffle that produced the subsets.</summary>
    public int Seed { get; set; }

    /// <summary>Requested fraction of samples for training (0..1).</summary>
    public double TrainFraction { get; set; }

    /// <summary>Requested fraction of samples for validation (0..1).</summary>
    public double ValidationFraction { get; set; }

    /// <summary>Requested fraction of samples for testing (0..1).</summary>
    public double TestFraction { get; set; }

    /// <summary>Sample stems in the training subset, in shuffle order.</summary>
    public List<string> TrainStems { get; set; } = [];

    /// <summary>Sample stems in the validation subset.</summary>
    public List<string> ValidationStems { get; set; } = [];

    /// <summary>Sample stems in the test subset.</summary>
    public List<string> TestStems { get; set; } = [];

    public DateTime CreatedAt { get; set; }
}
