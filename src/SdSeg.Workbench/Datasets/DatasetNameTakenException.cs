namespace SdSeg.Workbench.Datasets;

/// <summary>Thrown when an import would give a dataset a name another dataset already has.</summary>
public sealed class DatasetNameTakenException(string name)
    : InvalidOperationException($"A dataset named '{name}' already exists; choose another name.")
{
    public string Name { get; } = name;
}
