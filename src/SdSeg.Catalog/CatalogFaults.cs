using Microsoft.Data.Sqlite;

namespace SdSeg.Catalog;

/// <summary>Tells a catalog that cannot be written now (disk full, read-only, I/O error, locked) from a bug in a request.</summary>
public static class CatalogFaults
{
    // SQLITE_BUSY, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN: conditions of the machine, which pass.
    private static readonly int[] UnwritableCodes = [5, 8, 10, 13, 14];

    /// <summary>Whether <paramref name="error"/> (or an exception it wraps) says the catalog file cannot be written at the moment.</summary>
    public static bool IsUnwritable(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is SqliteException sqlite && UnwritableCodes.Contains(sqlite.SqliteErrorCode))
                return true;
        return false;
    }

    /// <summary>The SQLite reason of an unwritable catalog, e.g. "database or disk is full"; null for other errors.</summary>
    public static string? Reason(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is SqliteException sqlite && UnwritableCodes.Contains(sqlite.SqliteErrorCode))
                return sqlite.Message.Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal);
        return null;
    }
}
