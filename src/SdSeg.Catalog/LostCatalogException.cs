namespace SdSeg.Catalog;

/// <summary>
/// Start-up refused: the catalog file is missing or empty while the data root still holds datasets or runs. Creating a new catalog
/// would silently orphan them (and hand admin to the next person who registers).
/// </summary>
public sealed class LostCatalogException(string message) : InvalidOperationException(message);
