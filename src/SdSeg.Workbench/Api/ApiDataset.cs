namespace SdSeg.Workbench.Api;

/// <summary>A catalog dataset as the API lists it.</summary>
public sealed record ApiDataset(int Id, string Name, string? Description, int SampleCount, DateTime CreatedAt, IReadOnlyList<ApiSplit> Splits);
