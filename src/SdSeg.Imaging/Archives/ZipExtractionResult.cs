namespace SdSeg.Imaging.Archives;

/// <summary>What a successful extraction wrote.</summary>
/// <param name="Files">Full paths of the files written, in archive order.</param>
/// <param name="TotalBytes">Uncompressed bytes written.</param>
public sealed record ZipExtractionResult(IReadOnlyList<string> Files, long TotalBytes);
