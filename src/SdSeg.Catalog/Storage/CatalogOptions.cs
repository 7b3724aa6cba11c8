namespace SdSeg.Catalog.Storage;

/// <summary>Where the catalog database and the blob store live (configuration section "SdSeg").</summary>
public class CatalogOptions
{
    public const string SectionName = "SdSeg";

    /// <summary>Folder holding catalog.db and the blob store; relative paths resolve against the current directory.</summary>
    public string DataRoot { get; set; } = "./data";

    /// <summary>SQLite file of the catalog; defaults to &lt;DataRoot&gt;/catalog.db. Relative paths resolve against the current directory.</summary>
    public string? CatalogFile { get; set; }

    /// <summary>The data root as an absolute path.</summary>
    public string DataRootFullPath => Path.GetFullPath(Require(DataRoot, nameof(DataRoot)), Directory.GetCurrentDirectory());

    /// <summary>The catalog database file as an absolute path.</summary>
    public string CatalogFileFullPath => string.IsNullOrWhiteSpace(CatalogFile)
        ? Path.Combine(DataRootFullPath, "catalog.db")
        : Path.GetFullPath(CatalogFile, Directory.GetCurrentDirectory());

    /// <summary>Root folder of the blob store: &lt;DataRoot&gt;/blobs.</summary>
    public string BlobRootFullPath => Path.Combine(DataRootFullPath, "blobs");

    private static string Require(string value, string name) => string.IsNullOrWhiteSpace(value)
        ? throw new InvalidOperationException($"Configuration value {SectionName}:{name} is empty; set it to a folder path (default ./data).")
        : value;
}
