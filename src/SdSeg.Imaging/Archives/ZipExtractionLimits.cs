namespace SdSeg.Imaging.Archives;

/// <summary>Limits <see cref="SafeZipExtractor"/> enforces against zip bombs and oversized uploads.</summary>
public sealed record ZipExtractionLimits
{
    /// <summary>Most entries (files and folders) an archive may hold.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>Largest uncompressed size of one entry, in bytes (default 2 GiB).</summary>
    public long MaxEntryBytes { get; init; } = 2L << 30;

    /// <summary>Largest uncompressed size of all entries together, in bytes (default 20 GiB).</summary>
    public long MaxTotalBytes { get; init; } = 20L << 30;

    /// <summary>Highest uncompressed/compressed ratio of an entry. Images and PNG masks compress about 1:1; uncompressed
    /// binary-mask TIFFs can reach a few hundred, deflate cannot exceed about 1032 without tricks.</summary>
    public double MaxCompressionRatio { get; init; } = 500;

    /// <summary>Entries smaller than this are not ratio-checked: tiny files (a few zeros) have huge ratios and are harmless.</summary>
    public long RatioCheckMinimumBytes { get; init; } = 1L << 20;
}
