namespace SdSeg.Catalog;

/// <summary>What <c>PRAGMA quick_check</c> said about the catalog file when the app started; read by the health check.</summary>
public sealed class CatalogIntegrity
{
    private volatile string? problem;
    private volatile bool checkedAtStart;

    /// <summary>Whether the start-up check ran.</summary>
    public bool CheckedAtStart => checkedAtStart;

    /// <summary>The damage quick_check reported, or null for a sound file.</summary>
    public string? Problem => problem;

    /// <summary>Records the result of the start-up check.</summary>
    public void Record(string? damage)
    {
        problem = damage;
        checkedAtStart = true;
    }
}
