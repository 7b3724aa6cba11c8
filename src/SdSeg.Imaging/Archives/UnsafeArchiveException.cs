namespace SdSeg.Imaging.Archives;

/// <summary>A zip archive was refused; the message names the offending entry (if any) and the reason.</summary>
public sealed class UnsafeArchiveException : Exception
{
    public UnsafeArchiveException(string archiveName, string? entryName, string reason, Exception? inner = null)
        : base(entryName is null ? $"Refused archive '{archiveName}': {reason}" : $"Refused archive '{archiveName}': entry '{entryName}' {reason}", inner)
    {
        ArchiveName = archiveName;
        EntryName = entryName;
        Reason = reason;
    }

    public string ArchiveName { get; }

    /// <summary>The entry's full name inside the archive, or null when the archive as a whole was refused.</summary>
    public string? EntryName { get; }

    public string Reason { get; }
}
