using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;

namespace SdSeg.Engine.Datasets;

/// <summary>How a dataset is scanned and imported.</summary>
public sealed record ImportOptions
{
    /// <summary>Files whose header declares more pixels than this are refused before decoding (default 50 megapixels).</summary>
    public long MaxPixelCount { get; init; } = ImageDecoderOptions.DefaultMaxPixelCount;

    /// <summary>How masks become binary (default: any colour channel above half the type's maximum).</summary>
    public MaskBinarizationOptions MaskBinarization { get; init; } = MaskBinarizationOptions.Default;

    /// <summary>When true, samples with errors are left out and the rest is imported; when false (default), any error stops the import.</summary>
    public bool ImportValidOnly { get; init; }

    /// <summary>The dataset's name in dataset.json; null means the source folder's name.</summary>
    public string? Name { get; init; }

    /// <summary>How many pairs are decoded at once (default: the processor count).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}
