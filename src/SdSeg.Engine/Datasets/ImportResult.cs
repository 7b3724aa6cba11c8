namespace SdSeg.Engine.Datasets;

/// <summary>A finished import: the new dataset folder, its manifest, and the scan report.</summary>
public sealed record ImportResult(string DatasetFolder, DatasetManifest Manifest, ImportReport Report);
