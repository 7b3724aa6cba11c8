namespace SdSeg.Engine.Datasets;

/// <summary>A split file or folder does not match the dataset; <see cref="Problems"/> lists every mismatch in plain words.</summary>
public sealed class InvalidSplitException(string source, IReadOnlyList<string> problems)
    : Exception($"The split '{source}' does not fit the dataset: {string.Join(" ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
