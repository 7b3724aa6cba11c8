using SdSeg.Engine.Datasets;

namespace SdSeg.Engine.Training;

/// <summary>An imported dataset folder (with dataset.json) and the split a run uses.</summary>
public sealed record PreparedDataset(string Folder, DatasetSplit Split);
