using SdSeg.Catalog.Datasets;

namespace SdSeg.Workbench.Datasets;

/// <summary>One sample as the thumbnail grid and the viewer need it.</summary>
public sealed record SampleTile(int Id, string Stem, int Width, int Height, double? ForegroundFraction, SampleFlags Flags);
