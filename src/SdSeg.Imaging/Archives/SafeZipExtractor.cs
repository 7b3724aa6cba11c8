using System.IO.Compression;
using SdSeg.Imaging.Text;

namespace SdSeg.Imaging.Archives;

/// <summary>
/// Extracts zip archives without path traversal, links, zip bombs or disguised names (direction controls), names in Unicode form C;
/// on any refusal it removes what it wrote.
/// </summary>
public sealed class SafeZipExtractor
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixRegularFile = 0x8000;
    private const int UnixDirectory = 0x4000;
    private const int UnixSymbolicLink = 0xA000;
    private readonly ZipExtractionLimits _limits;

    public SafeZipExtractor(ZipExtractionLimits? limits = null) => _limits = limits ?? new ZipExtractionLimits();

    /// <summary>Checks every entry, then extracts into <paramref name="targetFolder"/> (created if missing); existing files are never overwritten.</summary>
    public ZipExtractionResult Extract(string zipPath, string targetFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        ArgumentException.ThrowIfNullOrEmpty(targetFolder);
        var archiveName = Path.GetFileName(zipPath);
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new UnsafeArchiveException(archiveName, null, $"cannot be read as a zip file ({ex.Message}).", ex);
        }

        using (archive)
        {
            return Extract(archive, archiveName, targetFolder);
        }
    }

    /// <summary>As <see cref="Extract(string, string)"/> for an archive already open for reading.</summary>
    public ZipExtractionResult Extract(ZipArchive archive, string archiveName, string targetFolder)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetFolder));
        var plan = Plan(archive, archiveName, root);

        var createdRoot = !Directory.Exists(root);
        var createdDirectories = new List<string>();
        var writtenFiles = new List<string>();
        try
        {
            Directory.CreateDirectory(root);
            long total = 0;
            foreach (var (entry, destination, isDirectory) in plan)
            {
                CreateDirectories(isDirectory ? destination : Path.GetDirectoryName(destination)!, root, createdDirectories);
                if (!isDirectory)
                {
                    if (File.Exists(destination) || Directory.Exists(destination))
                    {
                        throw new UnsafeArchiveException(archiveName, entry.FullName, "would overwrite an existing file.");
                    }

                    writtenFiles.Add(destination);
                    total += Copy(entry, destination, archiveName, total);
                }
            }

            return new ZipExtractionResult(writtenFiles, total);
        }
        catch (Exception ex)
        {
            RemoveWritten(writtenFiles, createdDirectories, createdRoot ? root : null);
            if (ex is UnsafeArchiveException)
            {
                throw;
            }

            throw new UnsafeArchiveException(archiveName, null, $"could not be extracted ({ex.Message}); nothing was kept.", ex);
        }
    }

    private List<(ZipArchiveEntry Entry, string Destination, bool IsDirectory)> Plan(ZipArchive archive, string archiveName, string root)
    {
        var entries = archive.Entries;
        if (entries.Count > _limits.MaxEntries)
        {
            throw new UnsafeArchiveException(archiveName, null, $"has {entries.Count} entries, more than the limit of {_limits.MaxEntries}.");
        }

        var plan = new List<(ZipArchiveEntry, string, bool)>(entries.Count);
        var destinations = new HashSet<string>(StringComparer.Ordinal);
        long declaredTotal = 0;
        foreach (var entry in entries)
        {
            var name = entry.FullName;
            var fileType = (entry.ExternalAttributes >> 16) & UnixFileTypeMask;
            if (fileType == UnixSymbolicLink)
            {
                throw new UnsafeArchiveException(archiveName, name, "is a symbolic link; links are not extracted.");
            }

            if (fileType != 0 && fileType != UnixRegularFile && fileType != UnixDirectory)
            {
                throw new UnsafeArchiveException(archiveName, name, $"is a special file (Unix type 0x{fileType:X4}), not a regular file or folder.");
            }

            var destination = Destination(archiveName, name, root);
            var isDirectory = name.EndsWith('/') || name.EndsWith('\\') || fileType == UnixDirectory;
            if (!isDirectory)
            {
                if (entry.Length > _limits.MaxEntryBytes)
                {
                    throw new UnsafeArchiveException(archiveName, name, $"declares {entry.Length} bytes, above the per-entry limit of {_limits.MaxEntryBytes}.");
                }

                CheckRatio(archiveName, entry, entry.Length, "declares");
                declaredTotal += entry.Length;
                if (declaredTotal > _limits.MaxTotalBytes)
                {
                    throw new UnsafeArchiveException(archiveName, name, $"brings the declared total to {declaredTotal} bytes, above the limit of {_limits.MaxTotalBytes}.");
                }

                if (!destinations.Add(destination))
                {
                    throw new UnsafeArchiveException(archiveName, name, "appears twice in the archive.");
                }
            }

            plan.Add((entry, destination, isDirectory));
        }

        return plan;
    }

    private static string Destination(string archiveName, string name, string root)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\0'))
        {
            throw new UnsafeArchiveException(archiveName, name, "has an empty or invalid name.");
        }

        // Backslashes are separators in zips written on Windows; treat them so, so "..\x" is caught too.
        var normalised = name.Replace('\\', '/');
        if (normalised.StartsWith('/'))
        {
            throw new UnsafeArchiveException(archiveName, name, "has an absolute path.");
        }

        if (normalised.Length >= 2 && char.IsAsciiLetter(normalised[0]) && normalised[1] == ':')
        {
            throw new UnsafeArchiveException(archiveName, name, "has a drive letter.");
        }

        var segments = normalised.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == ".."))
        {
            throw new UnsafeArchiveException(archiveName, name, "contains '..' (path traversal).");
        }

        if (segments.Select(UnicodeNames.FindBidiControl).OfType<char>().FirstOrDefault() is var bidi and not '\0')
        {
            throw new UnsafeArchiveException(archiveName, name, $"has the invisible direction control U+{(int)bidi:X4} in its name, which makes a name display as something it is not.");
        }

        // One Unicode form: "é" composed and decomposed are one name, so look-alike entries collide as duplicates.
        var relative = Path.Combine(segments.Where(s => s != ".").Select(UnicodeNames.Normalize).ToArray());
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && full != root)
        {
            throw new UnsafeArchiveException(archiveName, name, "resolves outside the target folder.");
        }

        return full;
    }

    private void CheckRatio(string archiveName, ZipArchiveEntry entry, long uncompressed, string verb)
    {
        if (uncompressed < _limits.RatioCheckMinimumBytes)
        {
            return;
        }

        var ratio = uncompressed / (double)Math.Max(1, entry.CompressedLength);
        if (ratio > _limits.MaxCompressionRatio)
        {
            throw new UnsafeArchiveException(
                archiveName,
                entry.FullName,
                $"{verb} a compression ratio of {ratio:0} ({uncompressed} bytes from {entry.CompressedLength}), above the limit of {_limits.MaxCompressionRatio:0} (zip bomb?).");
        }
    }

    // Counts the bytes actually inflated: a header may lie about the size, so the limits are enforced while writing.
    private long Copy(ZipArchiveEntry entry, string destination, string archiveName, long totalSoFar)
    {
        using var input = entry.Open();
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
        var buffer = new byte[81920];
        long written = 0;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            written += read;
            if (written > entry.Length)
            {
                throw new UnsafeArchiveException(archiveName, entry.FullName, $"inflates to more than the {entry.Length} bytes its header declares.");
            }

            if (written > _limits.MaxEntryBytes)
            {
                throw new UnsafeArchiveException(archiveName, entry.FullName, $"inflates to more than the per-entry limit of {_limits.MaxEntryBytes} bytes.");
            }

            if (totalSoFar + written > _limits.MaxTotalBytes)
            {
                throw new UnsafeArchiveException(archiveName, entry.FullName, $"brings the extracted total above the limit of {_limits.MaxTotalBytes} bytes.");
            }

            CheckRatio(archiveName, entry, written, "reaches");
            output.Write(buffer, 0, read);
        }

        return written;
    }

    private static void CreateDirectories(string directory, string root, List<string> created)
    {
        var missing = new Stack<string>();
        for (var d = directory; d.Length > root.Length && !Directory.Exists(d); d = Path.GetDirectoryName(d)!)
        {
            missing.Push(d);
        }

        while (missing.Count > 0)
        {
            var d = missing.Pop();
            Directory.CreateDirectory(d);
            created.Add(d);
        }
    }

    private static void RemoveWritten(List<string> files, List<string> directories, string? createdRoot)
    {
        foreach (var file in files)
        {
            TryDelete(() => File.Delete(file));
        }

        for (var i = directories.Count - 1; i >= 0; i--)
        {
            var directory = directories[i];
            TryDelete(() => Directory.Delete(directory, recursive: false));
        }

        if (createdRoot is not null)
        {
            TryDelete(() => Directory.Delete(createdRoot, recursive: false));
        }
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (IOException)
        {
            // Best effort: a folder someone else wrote into meanwhile is left in place.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
